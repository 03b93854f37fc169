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

// Exact plugin set from the foundation issue. The client runtime is bundled into the output, so the
// raw packages need no runtime dependency. `client: true` makes each operation fall back to the
// module's `client` when `options.client` is missing; scripts/generate.mjs replaces that global client
// (which was built with a Headers object, loading Node's whole fetch implementation, on import) with one
// that rejects with a clear TypeError, and keeps `client` required in the operations' types.
export const plugins = [
  '@hey-api/typescript',
  { name: '@hey-api/sdk', client: true },
  '@hey-api/client-fetch',
];

export const generatedDir = 'src/generated';

/** Every folder `pnpm generate` writes, for the drift check. */
export const generatedFolders = [...Object.values(targets), ...Object.values(routeTables)].map(
  (t) => `${t.package}/${t.dir ?? generatedDir}`,
);
