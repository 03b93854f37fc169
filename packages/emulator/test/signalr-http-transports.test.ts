// Server-sent events and long polling on the wire, from the transport spec: what each request is
// answered with, the 204/404/409 rules, CORS for browsers, and the handshake over POST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignalROnly, signalRRest, startSignalROnly } from './helpers/signalr.js';
import { EventStream, negotiateRaw, transportRequest } from './helpers/signalr-raw.js';
import { eventually, WsProbe } from './helpers.js';

let service: SignalROnly;

beforeAll(async () => {
  service = await startSignalROnly({
    keepAliveMs: 100,
    longPolling: { pollMs: 300, disconnectMs: 15_000 },
  });
});
afterAll(() => service.close());

const HANDSHAKE = '{"protocol":"json","version":1}\x1e';
const exists = async (id: string) =>
  (await signalRRest(service.endpoint, 'GET', `chat/connections/${id}`)).status === 200;
const send = (target: string, ...args: unknown[]) =>
  signalRRest(service.endpoint, 'POST', 'chat', { Target: target, Arguments: args });

describe('server-sent events', () => {
  it('streams text/event-stream after a comment line, takes the handshake by POST and pings', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const stream = await EventStream.open(conn, 'http://app.example');
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache, no-store',
      'access-control-allow-origin': 'http://app.example',
      'access-control-allow-credentials': 'true',
    });
    const post = await transportRequest(conn, 'POST', { body: HANDSHAKE });
    expect([post.status, await post.text()]).toEqual([200, '']);
    expect(await stream.next()).toBe('{}\x1e');
    expect(stream.raw.startsWith(':\r\ndata: {}\x1e\r\n\r\n')).toBe(true);
    expect(await exists(conn.connectionId)).toBe(true);
    await send('m', 'line1\nline2');
    // JSON escapes the newline, so each message is one data line. Pings (every 100 ms) come between.
    const message = '{"type":1,"target":"m","arguments":["line1\\nline2"]}\x1e';
    const events: string[] = [];
    while (!events.includes(message)) events.push(await stream.next());
    if (events.length === 1) events.push(await stream.next());
    expect(events.filter((e) => e !== message)).toContain('{"type":6}\x1e');
    stream.close();
    await eventually(async () => !(await exists(conn.connectionId)));
  });

  it('answers a MessagePack handshake with the transfer-format error and ends the stream', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const stream = await EventStream.open(conn);
    await transportRequest(conn, 'POST', { body: '{"protocol":"messagepack","version":1}\x1e' });
    expect(JSON.parse((await stream.next()).replace('\x1e', ''))).toEqual({
      error:
        "Cannot use the 'messagepack' protocol on the current transport. " +
        "The transport does not support 'Binary' transfer format.",
    });
    await stream.ended;
  });

  it('refuses a second stream (409), a poll (400) and DELETE (400) on a streaming connection', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const stream = await EventStream.open(conn);
    const second = await transportRequest(conn, 'GET', {
      headers: { accept: 'text/event-stream' },
    });
    expect(second.status).toBe(409);
    expect((await transportRequest(conn, 'GET')).status).toBe(400);
    expect((await transportRequest(conn, 'DELETE')).status).toBe(400);
    stream.close();
  });
});

describe('long polling', () => {
  it('answers the first poll at once, then delivers the handshake answer and messages by poll', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const first = await transportRequest(conn, 'GET');
    expect([first.status, await first.text()]).toEqual([200, '']);
    await transportRequest(conn, 'POST', { body: HANDSHAKE });
    const answer = await transportRequest(conn, 'GET');
    expect(answer.headers.get('content-type')).toBe('application/octet-stream');
    expect(answer.headers.get('cache-control')).toBe('no-cache, no-store');
    expect(await answer.text()).toBe('{}\x1e');
    const waiting = transportRequest(conn, 'GET');
    await new Promise((r) => setTimeout(r, 50));
    await send('a', 1);
    await send('b', 2);
    const polled = await waiting;
    expect(polled.status).toBe(200);
    // Messages queued while no poll waited come out together on the next poll.
    const text = await polled.text();
    const next =
      text.split('\x1e').length === 3 ? '' : await (await transportRequest(conn, 'GET')).text();
    expect(`${text}${next}`).toBe(
      '{"type":1,"target":"a","arguments":[1]}\x1e{"type":1,"target":"b","arguments":[2]}\x1e',
    );
    await transportRequest(conn, 'DELETE');
  });

  it('gets no pings: an idle poll ends with 200 and no content after the poll timeout', async () => {
    const conn = await negotiateRaw(service.endpoint);
    await transportRequest(conn, 'GET');
    await transportRequest(conn, 'POST', { body: HANDSHAKE });
    expect(await (await transportRequest(conn, 'GET')).text()).toBe('{}\x1e');
    const idle = await transportRequest(conn, 'GET'); // pollMs is 300, keep-alive 100
    expect([idle.status, await idle.text()]).toEqual([200, '']);
    await transportRequest(conn, 'DELETE');
  });

  it('ends a waiting poll with 204 when a newer poll or a DELETE comes, then forgets the id', async () => {
    const conn = await negotiateRaw(service.endpoint);
    await transportRequest(conn, 'GET');
    const polls = [transportRequest(conn, 'GET'), transportRequest(conn, 'GET')];
    // Whichever poll the emulator saw first is ended by the other, with 204.
    const [first, second] = polls.map((p, i) => p.then((r) => ({ i, status: r.status })));
    const ended = await Promise.race([first, second]);
    expect(ended.status).toBe(204);
    const deleted = await transportRequest(conn, 'DELETE');
    expect(deleted.status).toBe(202);
    expect((await (ended.i === 0 ? second : first))?.status).toBe(204);
    expect((await transportRequest(conn, 'GET')).status).toBe(404);
    expect((await transportRequest(conn, 'POST', { body: HANDSHAKE })).status).toBe(404);
  });

  it('drops a client that stops polling after the disconnect timeout', async () => {
    const events: string[] = [];
    const quick = await startSignalROnly({
      longPolling: { pollMs: 90_000, disconnectMs: 1000 },
      upstream: {
        connected: () => events.push('connected'),
        disconnected: () => events.push('disconnected'),
        invocation: async () => undefined,
      },
    });
    try {
      const conn = await negotiateRaw(quick.endpoint);
      await transportRequest(conn, 'GET');
      await transportRequest(conn, 'POST', { body: HANDSHAKE });
      await eventually(() => events.length === 2, 10_000);
      expect(events).toEqual(['connected', 'disconnected']);
      expect((await transportRequest(conn, 'GET')).status).toBe(404);
    } finally {
      await quick.close();
    }
  });

  it('delivers a REST close as a close message, then 204', async () => {
    const conn = await negotiateRaw(service.endpoint);
    await transportRequest(conn, 'GET');
    await transportRequest(conn, 'POST', { body: HANDSHAKE });
    await transportRequest(conn, 'GET');
    await signalRRest(
      service.endpoint,
      'DELETE',
      `chat/connections/${conn.connectionId}?reason=off`,
    );
    const last = await transportRequest(conn, 'GET');
    expect(await last.text()).toBe('{"type":7,"error":"off","allowReconnect":false}\x1e');
    expect((await transportRequest(conn, 'GET')).status).toBe(204);
  });
});

describe('requests on /client/', () => {
  it('needs an id, a negotiated one of the same hub, and a method the transports use', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const noId = { ...conn, url: conn.url.replace(/&id=[^&]*/, '') };
    const noIdAnswer = await transportRequest(noId, 'GET');
    expect([noIdAnswer.status, (await noIdAnswer.json()).target]).toEqual([400, 'id']);
    expect((await transportRequest(conn, 'GET', { extra: 'x' })).status).toBe(404);
    expect((await transportRequest(conn, 'PUT')).status).toBe(405);
    // A negotiated id is for its hub only.
    const other = await negotiateRaw(service.endpoint, 'other');
    const crossed = { ...other, url: other.url.replace('hub=other', 'hub=chat') };
    expect((await transportRequest(crossed, 'GET')).status).toBe(401); // aud names hub=other
  });

  it('refuses POST on a WebSocket connection with 405 and a second WebSocket with 409', async () => {
    const conn = await negotiateRaw(service.endpoint);
    const wsUrl = `${conn.url.replace(/^http/, 'ws')}&access_token=${conn.token}`;
    const probe = await WsProbe.connect(wsUrl);
    expect((await transportRequest(conn, 'POST', { body: HANDSHAKE })).status).toBe(405);
    await expect(WsProbe.connect(wsUrl)).rejects.toMatchObject({ status: 409 });
    await probe.close();
  });

  it('answers CORS preflights for the transport requests', async () => {
    const response = await fetch(`${service.endpoint}/client/?hub=chat&id=x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.example',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization,x-signalr-user-agent',
      },
    });
    expect(response.status).toBe(204);
    expect(
      Object.fromEntries([...response.headers].filter(([k]) => k.startsWith('access-'))),
    ).toEqual({
      'access-control-allow-origin': 'http://app.example',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
      'access-control-allow-headers': 'authorization,x-signalr-user-agent',
      'access-control-max-age': '86400',
    });
  });
});
