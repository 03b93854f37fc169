// The one list of what `pnpm generate` produces: each spec in specs/ and the raw package it feeds.
// turbo's `generate` task takes this file as an input, so editing it invalidates the cache.

export const targets = {
  webpubsub: {
    spec: 'specs/webpubsub.yaml',
    package: 'packages/webpubsub-rest',
  },
  signalr: {
    spec: 'specs/signalr-v1.yaml',
    package: 'packages/signalr-rest',
  },
};

// Exact plugin set from the foundation issue. The client runtime is bundled into the output, so the
// raw packages need no runtime dependency.
export const plugins = ['@hey-api/typescript', '@hey-api/sdk', '@hey-api/client-fetch'];

export const generatedDir = 'src/generated';
