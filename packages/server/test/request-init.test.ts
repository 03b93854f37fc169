// Deno's Request rejects a `client` member that is not a Deno.HttpClient, and hey-api spreads an
// operation's options (with the `client` that picks the instance) into the RequestInit. The runtime
// matrix (tests/runtime-matrix) runs real Deno; this checks every RequestInit the SDK builds.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';

const inits: object[] = [];

class RecordingRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    if (init) inits.push(init);
    super(input, init);
  }
}

beforeEach(() => {
  inits.length = 0;
  vi.stubGlobal('Request', RecordingRequest);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const accepted = async () => new Response(null, { status: 202 });
const options = { fetch: accepted, retry: { maxRetries: 0 } };

it('Web PubSub operations build no Request with a client member', async () => {
  const service = new WebPubSubServiceClient('https://svc.example', { key: 'k' }, 'hub', options);
  await service.sendToAll('hello', { contentType: 'text/plain' });
  await service.group('g').sendToAll({ n: 1 });
  await service.closeConnection('c1');
  expect(inits.length).toBeGreaterThanOrEqual(3);
  for (const init of inits) expect(Object.keys(init)).not.toContain('client');
});

it('SignalR operations build no Request with a client member', async () => {
  const service = new SignalRServiceClient('https://svc.example', { key: 'k' }, 'hub', options);
  await service.sendToAll('note', ['hello']);
  await service.sendToUser('u', 'note', []);
  expect(inits.length).toBeGreaterThanOrEqual(2);
  for (const init of inits) expect(Object.keys(init)).not.toContain('client');
});
