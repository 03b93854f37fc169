// Deno's fetch and Request reject a `client` member that is not a Deno.HttpClient, and every operation's
// options carry the `client` that picks the instance. The runtime matrix (tests/runtime-matrix) runs
// real Deno; this checks every RequestInit the SDK hands to fetch, and that a call builds no Request
// (hubcast's client runtime sends with one URL, one Headers and one fetch per attempt).
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';

const inits: object[] = [];
let requestsBuilt = 0;

class RecordingRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    requestsBuilt++;
    super(input, init);
  }
}

beforeEach(() => {
  inits.length = 0;
  requestsBuilt = 0;
  vi.stubGlobal('Request', RecordingRequest);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const accepted = async (_input: unknown, init?: RequestInit) => {
  if (init) inits.push(init);
  return new Response(null, { status: 202 });
};
const options = { fetch: accepted, retry: { maxRetries: 0 } };

it('Web PubSub operations hand fetch no client member, and build no Request', async () => {
  const service = new WebPubSubServiceClient('https://svc.example', { key: 'k' }, 'hub', options);
  await service.sendToAll('hello', { contentType: 'text/plain' });
  await service.group('g').sendToAll({ n: 1 });
  await service.closeConnection('c1');
  expect(inits).toHaveLength(3);
  for (const init of inits) expect(Object.keys(init)).not.toContain('client');
  expect(requestsBuilt).toBe(0);
});

it('SignalR operations hand fetch no client member, and build no Request', async () => {
  const service = new SignalRServiceClient('https://svc.example', { key: 'k' }, 'hub', options);
  await service.sendToAll('note', ['hello']);
  await service.sendToUser('u', 'note', []);
  expect(inits).toHaveLength(2);
  for (const init of inits) expect(Object.keys(init)).not.toContain('client');
  expect(requestsBuilt).toBe(0);
});
