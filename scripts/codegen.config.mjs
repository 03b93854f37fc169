// The one list of what `pnpm generate` produces from specs/. turbo's `generate` task takes this file as
// an input, so editing it invalidates the cache.

/**
 * Raw REST clients: each spec becomes a hey-api client in <package>/<dir> (default src/generated/). A
 * package with two API versions keeps the second in its own folder, exported under its own subpath.
 * `restClientHelper` is the @hubcast/server function that makes a ready client for it, named in the
 * error of a call without `options.client`.
 */
export const targets = {
  webpubsub: {
    spec: 'specs/webpubsub.yaml',
    package: 'packages/webpubsub-rest',
    restClientHelper: 'createWebPubSubRestClient',
  },
  signalr: {
    spec: 'specs/signalr-v1.yaml',
    package: 'packages/signalr-rest',
    restClientHelper: 'createSignalRRestClient',
  },
  'signalr-2024-12-01': {
    spec: 'specs/signalr.yaml',
    package: 'packages/signalr-rest',
    dir: 'src/generated-2024-12-01',
    restClientHelper: 'createSignalRRestClient',
  },
};

/**
 * Route tables: the emulator serves exactly the operations in the specs, with their parameter
 * constraints, from a table generated here (so there is no second hand-written list of routes).
 */
export const routeTables = {
  'emulator-routes': {
    package: 'packages/emulator',
    specs: {
      webPubSub: 'specs/webpubsub.yaml',
      signalR: 'specs/signalr-v1.yaml',
      signalRCurrent: 'specs/signalr.yaml',
    },
  },
};

// The plugins besides the client (scripts/lib/client-plugin.mjs adds hubcast's runtime for each target).
// `client: true` makes each operation fall back to the module's `client` when `options.client` is
// missing: a stand-in that rejects with a clear TypeError (the runtime's `Options` keeps `client`
// required in the types).
export const plugins = ['@hey-api/typescript', { name: '@hey-api/sdk', client: true }];

export const generatedDir = 'src/generated';

/** Every folder `pnpm generate` writes, for the drift check. */
export const generatedFolders = [...Object.values(targets), ...Object.values(routeTables)].map(
  (t) => `${t.package}/${t.dir ?? generatedDir}`,
);
