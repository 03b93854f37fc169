// The generated client must run wherever fetch exists. Deno's Request rejects a `client` member that is
// not a Deno.HttpClient, and hey-api spreads a call's options (which carry the `client`) into the
// RequestInit, so codegen leaves it out (scripts/generate.mjs). The runtime matrix runs real Deno.
import { expect, it } from 'vitest';
import { recordingFetch } from '../../../scripts/lib/recording-fetch.mjs';
import * as api from '../src/index.js';

it('builds no Request with a `client` member', async () => {
  const inits: RequestInit[] = [];
  const NativeRequest = globalThis.Request;
  globalThis.Request = class extends NativeRequest {
    constructor(input: RequestInfo | URL, init?: RequestInit) {
      if (init) inits.push(init);
      super(input, init);
    }
  };
  try {
    const { fetch } = recordingFetch(() => new Response(null, { status: 202 }));
    const client = api.createClient({ baseUrl: 'https://demo.webpubsub.azure.com', fetch });
    await api.webPubSubSendToAll({
      client,
      path: { hub: 'chat' },
      query: { 'api-version': '2024-12-01' },
      body: { n: 1 },
    });
  } finally {
    globalThis.Request = NativeRequest;
  }
  expect(inits).toHaveLength(1);
  expect(Object.keys(inits[0] ?? {})).not.toContain('client');
});
