// The outbound bound of the HTTP transports: a long-polling client that stops polling and a
// server-sent-events client that stops reading are closed past 1,000 waiting messages or 16 MiB,
// with the reason in a close message, while the other clients get everything.
import type { HubConnection } from '@microsoft/signalr';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  MAX_OUTBOUND_BYTES,
  MAX_OUTBOUND_MESSAGES,
} from '../src/signalr/transports/outbound-bound.js';
import {
  negotiateResult,
  type SignalROnly,
  signalRClient,
  signalRRest,
  startSignalROnly,
} from './helpers/signalr.js';
import { EventStream, negotiateRaw, transportRequest } from './helpers/signalr-raw.js';
import { eventually } from './helpers.js';

let service: SignalROnly;
let watcher: HubConnection;
let watched = 0;

beforeAll(async () => {
  service = await startSignalROnly();
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
async function broadcast(count: number, filler = '', from = 0): Promise<void> {
  let next = from;
  const worker = async () => {
    while (next < from + count) {
      const i = next++;
      const response = await signalRRest(service.endpoint, 'POST', 'chat', {
        Target: 'm',
        Arguments: [i, filler],
      });
      expect(response.status).toBe(202);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

const slowConsumerError = expect.stringMatching(/not reading: more than 1000 messages or 16 MiB/);

it('closes a long-polling client that stops polling once 1,000 messages wait for it', async () => {
  const conn = await negotiateRaw(service.endpoint);
  await transportRequest(conn, 'GET');
  await transportRequest(conn, 'POST', { body: HANDSHAKE });
  expect(await (await transportRequest(conn, 'GET')).text()).toBe('{}\x1e');
  const before = watched;
  await broadcast(MAX_OUTBOUND_MESSAGES);
  expect(await exists(conn.connectionId)).toBe(true); // at the bound, not past it
  await broadcast(1, '', MAX_OUTBOUND_MESSAGES);
  expect(await exists(conn.connectionId)).toBe(false);
  // What waited is dropped; the next poll gets the close message with the reason, then 204.
  const last = await transportRequest(conn, 'GET');
  expect(JSON.parse((await last.text()).replace('\x1e', ''))).toEqual({
    type: 7,
    error: slowConsumerError,
    allowReconnect: false,
  });
  expect((await transportRequest(conn, 'GET')).status).toBe(204);
  await eventually(() => watched - before === MAX_OUTBOUND_MESSAGES + 1);
});

it('closes a server-sent-events client that stops reading once 16 MiB wait for it', async () => {
  const conn = await negotiateRaw(service.endpoint);
  const stream = await EventStream.open(conn);
  await transportRequest(conn, 'POST', { body: HANDSHAKE });
  expect(await stream.next()).toBe('{}\x1e');
  stream.response.pause();
  const before = watched;
  const filler = 'x'.repeat(900 * 1024);
  // 16 MiB plus whatever the loopback socket buffers hold, in messages of 900 KiB.
  const count = Math.ceil((MAX_OUTBOUND_BYTES * 2.5) / filler.length);
  await broadcast(count, filler);
  await eventually(async () => !(await exists(conn.connectionId)), 5000);
  await eventually(() => watched - before === count, 10_000);
  // The stream ends with the close message after what was already written.
  stream.response.resume();
  await stream.ended;
  const events = stream.events.map((e) => e.replace(/^data: /, '').replace('\x1e\r\n', ''));
  expect(JSON.parse(events.at(-1) ?? '')).toEqual({
    type: 7,
    error: slowConsumerError,
    allowReconnect: false,
  });
  expect(events.length - 1).toBeLessThan(count);
}, 30_000);
