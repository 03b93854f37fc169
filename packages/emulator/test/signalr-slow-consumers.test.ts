// The outbound bound of the HTTP transports: a long-polling client that stops polling and a
// server-sent-events client that stops reading are closed once too many messages or bytes wait
// for them, with the reason in a close message, while the other clients get everything. The
// service here has smaller bounds than the default 1,000 messages / 16 MiB, to keep the suite light.
import type { HubConnection } from '@microsoft/signalr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOUND_LIMITS, OutboundBudget } from '../src/shared/outbound-bound.js';
import {
  negotiateResult,
  type SignalROnly,
  signalRClient,
  signalRRest,
  startSignalROnly,
} from './helpers/signalr.js';
import { EventStream, negotiateRaw, transportRequest } from './helpers/signalr-raw.js';
import { eventually } from './helpers.js';

const LIMITS = { messages: 50, bytes: 1024 * 1024 };
let service: SignalROnly;
let watcher: HubConnection;
let watched = 0;

beforeAll(async () => {
  // A long disconnect timeout: a stalled machine must not drop the idle poller before the bound does.
  service = await startSignalROnly({
    outbound: LIMITS,
    longPolling: { pollMs: 90_000, disconnectMs: 120_000 },
  });
  const { url, accessToken } = await negotiateResult(service.endpoint, { nameid: 'watcher' });
  watcher = signalRClient(url, accessToken, 'WebSockets', 'json');
  watcher.on('m', () => watched++);
  await watcher.start();
});
afterAll(async () => {
  await watcher.stop();
  await service.close();
});

const HANDSHAKE = '{"protocol":"json","version":1}\x1e';
const exists = async (id: string) =>
  (await signalRRest(service.endpoint, 'GET', `chat/connections/${id}`)).status === 200;

/** `count` broadcasts of `m(i, filler)`, a few at a time. */
async function broadcast(count: number, filler = ''): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const body = { Target: 'm', Arguments: [next, filler] };
      expect((await signalRRest(service.endpoint, 'POST', 'chat', body)).status).toBe(202);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

const closeMessage = {
  type: 7,
  error: 'The outbound queue is full (more than 50 messages or 1 MiB).',
  allowReconnect: false,
};

describe('the outbound bound', () => {
  it('is 1,000 messages or 16 MiB by default, whichever comes first', () => {
    const reason = 'The outbound queue is full (more than 1000 messages or 16 MiB).';
    const byCount = new OutboundBudget('outbound queue');
    for (let i = 0; i < 1000; i++) expect(byCount.admit(1)).toBeUndefined();
    expect(byCount.admit(1)).toBe(reason);
    byCount.remove(1, 1);
    expect(byCount.admit(1)).toBeUndefined();
    const bySize = new OutboundBudget('outbound queue');
    expect([bySize.admit(16 * 1024 * 1024 - 1), bySize.admit(1), bySize.admit(1)]).toEqual([
      undefined,
      undefined,
      reason,
    ]);
    expect(DEFAULT_OUTBOUND_LIMITS).toEqual({ messages: 1000, bytes: 16 * 1024 * 1024 });
  });

  it('closes a long-polling client that stops polling once too many messages wait', async () => {
    const conn = await negotiateRaw(service.endpoint);
    await transportRequest(conn, 'GET');
    await transportRequest(conn, 'POST', { body: HANDSHAKE });
    expect(await (await transportRequest(conn, 'GET')).text()).toBe('{}\x1e');
    const before = watched;
    await broadcast(LIMITS.messages);
    expect(await exists(conn.connectionId)).toBe(true); // at the bound, not past it
    await broadcast(1);
    expect(await exists(conn.connectionId)).toBe(false);
    // What waited is dropped; the next poll gets the close message with the reason, then 204.
    const last = await transportRequest(conn, 'GET');
    expect(JSON.parse((await last.text()).replace('\x1e', ''))).toEqual(closeMessage);
    expect((await transportRequest(conn, 'GET')).status).toBe(204);
    await eventually(() => watched - before === LIMITS.messages + 1);
  }, 60_000);

  it('closes a server-sent-events client that stops reading once too many bytes wait', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const stream = await EventStream.open(conn);
    await transportRequest(conn, 'POST', { body: HANDSHAKE });
    expect(await stream.next()).toBe('{}\x1e');
    stream.response.pause();
    const before = watched;
    const filler = 'x'.repeat(256 * 1024);
    // The loopback socket buffers take several MiB before anything waits in the emulator.
    let sent = 0;
    while ((await exists(conn.connectionId)) && sent < 200) {
      await broadcast(4, filler);
      sent += 4;
    }
    expect(await exists(conn.connectionId)).toBe(false);
    await eventually(() => watched - before === sent, 20_000);
    // The stream ends with the close message after what was already written.
    stream.response.resume();
    await stream.ended;
    const events = stream.events.map((e) => e.replace('data: ', '').replace('\x1e\r\n', ''));
    expect(JSON.parse(events.at(-1) ?? '')).toEqual(closeMessage);
    expect(events.length - 1).toBeLessThan(sent);
  }, 60_000);
});
