// Fan-out helpers: one settled result per target, failures isolated, bounded concurrency.
import { beforeAll, describe, expect, it } from 'vitest';
import { RestError, SignalRServiceClient, WebPubSubServiceClient } from '../src/index.js';
import { successReply, useRecordingServer } from './helpers/recording-server.js';

const server = useRecordingServer();
let wps: WebPubSubServiceClient;

beforeAll(() => {
  wps = new WebPubSubServiceClient(server.url, { key: 'k' }, 'hub', { retry: { maxRetries: 0 } });
});

/**
 * Holds each request until `hold` are in flight (or 300 ms passed, for the last batch), then answers;
 * tracks the most requests seen in flight at once.
 */
function trackConcurrency(failFor: string[] = [], hold = 1) {
  const state = { inFlight: 0, max: 0 };
  const waiting: Array<() => void> = [];
  server.respond = async (request) => {
    state.inFlight++;
    state.max = Math.max(state.max, state.inFlight);
    await new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (waiting.length >= hold) for (const release of waiting.splice(0)) release();
      else setTimeout(resolve, 300);
    });
    state.inFlight--;
    if (failFor.some((id) => request.target.includes(`/${id}/`))) {
      return { status: 404, headers: { 'x-ms-error-code': 'NotFound' } };
    }
    return successReply(request);
  };
  return state;
}

describe('fan-out', () => {
  it('returns one result per target, in order; one failure hides nothing', async () => {
    trackConcurrency(['u2', 'u4']);
    const ids = ['u1', 'u2', 'u3', 'u4', 'u5'];
    const results = await wps.sendToUsers(ids, { hello: 1 });
    expect(results.map((r) => [r.target, r.status])).toEqual([
      ['u1', 'fulfilled'],
      ['u2', 'rejected'],
      ['u3', 'fulfilled'],
      ['u4', 'rejected'],
      ['u5', 'fulfilled'],
    ]);
    const failed = results[1] as { reason: RestError };
    expect(failed.reason).toBeInstanceOf(RestError);
    expect(failed.reason.statusCode).toBe(404);
    expect(server.take()).toHaveLength(5);
  });

  it('runs at most 8 requests at once by default', async () => {
    const state = trackConcurrency([], 8);
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    const results = await wps.sendToConnections(ids, 'x', { messageTtlSeconds: 10 });
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(state.max).toBe(8);
    const requests = server.take();
    expect(requests).toHaveLength(30);
    expect(
      requests.every((r) => r.target.endsWith('?api-version=2024-12-01&messageTtlSeconds=10')),
    ).toBe(true);
  });

  it('honours the concurrency option', async () => {
    const state = trackConcurrency([], 2);
    await wps.sendToGroups(['g1', 'g2', 'g3', 'g4', 'g5', 'g6'], 'x', {
      concurrency: 2,
      excludedConnections: ['c1'],
    });
    expect(state.max).toBe(2);
    expect(server.take().map((r) => r.target)).toContain(
      '/api/hubs/hub/groups/g1/:send?api-version=2024-12-01&excluded=c1',
    );
  });

  it('sends the same bytes to every target', async () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    await wps.sendToUsers(['a', 'b'], bytes);
    await wps.sendToUsers(['a', 'b'], 'text', { contentType: 'text/plain' });
    const requests = server.take();
    expect(requests.map((r) => [r.headers['content-type'], [...r.body]])).toEqual([
      ['application/octet-stream', [1, 2, 3, 250]],
      ['application/octet-stream', [1, 2, 3, 250]],
      ['text/plain', [...Buffer.from('text')]],
      ['text/plain', [...Buffer.from('text')]],
    ]);
  });

  it('an empty target list sends nothing', async () => {
    expect(await wps.sendToUsers([], 'x')).toEqual([]);
    const signalr = new SignalRServiceClient(server.url, { key: 'k' }, 'hub');
    expect(await signalr.sendToGroups([], 'm')).toEqual([]);
    expect(server.take()).toHaveLength(0);
  });
});
