// Every transport with every hub protocol it supports, through the official @microsoft/signalr
// client (forced to the transport, with @microsoft/signalr-protocol-msgpack for MessagePack): REST
// sends of every kind, REST close, and client invocations through the upstream seam, which gets
// the decoded message and the client's own bytes.
import type { HubConnection } from '@microsoft/signalr';
import { decode } from '@msgpack/msgpack';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SignalRUpstream } from '../src/signalr/upstream.js';
import {
  negotiateResult,
  type ProtocolName,
  type SignalROnly,
  signalRClient,
  signalRRest,
  startSignalROnly,
  type TransportName,
} from './helpers/signalr.js';
import { negotiateRaw, transportRequest } from './helpers/signalr-raw.js';
import { eventually } from './helpers.js';

interface UpstreamCall {
  readonly connection: string;
  readonly protocol: string;
  readonly target: string;
  readonly invocationId: string | undefined;
  readonly args: readonly unknown[];
  readonly bytes: Buffer;
}

const calls: UpstreamCall[] = [];
const lifecycle: string[] = [];

/** Records what it gets; answers an invoke with a completion (built in the client's protocol). */
const recordingUpstream: SignalRUpstream = {
  connected: (conn) =>
    lifecycle.push(`connected ${conn.id} ${conn.transport.kind} ${conn.query} ${conn.userId}`),
  disconnected: (conn, error) => lifecycle.push(`disconnected ${conn.id} ${error ?? ''}`.trim()),
  invocation: async (conn, { message, bytes }) => {
    calls.push({
      connection: conn.id,
      protocol: conn.protocol.name,
      target: message.target,
      invocationId: message.invocationId,
      args: message.arguments,
      bytes: Buffer.from(bytes),
    });
    if (message.invocationId === undefined) return undefined;
    return conn.protocol.encodeCompletion(message.invocationId, {
      result: { echoed: message.arguments, by: conn.transport.kind },
    });
  },
};

let service: SignalROnly;
const open: HubConnection[] = [];

beforeAll(async () => {
  service = await startSignalROnly({ upstream: recordingUpstream });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
});
afterAll(() => service.close());

async function connect(transport: TransportName, protocol: ProtocolName, user: string) {
  const { url, accessToken } = await negotiateResult(service.endpoint, { nameid: user });
  const connection = signalRClient(url, accessToken, transport, protocol);
  const received: unknown[][] = [];
  connection.on('newMessage', (...args: unknown[]) => received.push(args));
  const closed = new Promise<Error | undefined>((resolve) => connection.onclose(resolve));
  open.push(connection);
  await connection.start();
  return { connection, id: connection.connectionId as string, received, closed };
}

const combinations: [TransportName, ProtocolName][] = [
  ['WebSockets', 'json'],
  ['WebSockets', 'messagepack'],
  ['ServerSentEvents', 'json'],
  ['LongPolling', 'json'],
  ['LongPolling', 'messagepack'],
];

const args = ['héllo', { n: 1, list: [1.5, null, true] }, 2 ** 40, null];

describe.each(combinations)('%s with the %s hub protocol', (transport, protocol) => {
  const user = `${transport}-${protocol}`;

  it('receives broadcasts, user, connection and group sends with arguments untouched', async () => {
    const client = await connect(transport, protocol, user);
    const send = (path: string) =>
      signalRRest(service.endpoint, 'POST', path, { Target: 'newMessage', Arguments: args });
    expect((await send('chat')).status).toBe(202);
    expect((await send(`chat/users/${user}`)).status).toBe(202);
    expect((await send(`chat/connections/${client.id}`)).status).toBe(202);
    const join = await signalRRest(
      service.endpoint,
      'PUT',
      `chat/groups/g1/connections/${client.id}`,
    );
    expect(join.status).toBe(200);
    expect((await send('chat/groups/g1')).status).toBe(202);
    // Long arguments need a multi-byte length prefix in MessagePack and several TCP reads.
    const long = 'x'.repeat(300_000);
    await signalRRest(service.endpoint, 'POST', `chat/users/${user}`, {
      Target: 'newMessage',
      Arguments: [long],
    });
    await eventually(() => client.received.length >= 5);
    expect(client.received.slice(0, 4)).toEqual([args, args, args, args]);
    expect(client.received[4]).toEqual([long]);
  });

  it('ends with the reason of a REST close', async () => {
    const client = await connect(transport, protocol, user);
    const closing = await signalRRest(
      service.endpoint,
      'DELETE',
      `chat/connections/${client.id}?reason=${encodeURIComponent('bye now')}`,
    );
    expect(closing.status).toBe(202);
    expect((await client.closed)?.message).toContain('bye now');
    await eventually(() => lifecycle.includes(`disconnected ${client.id} bye now`));
  });

  it('routes invoke and send through the upstream seam with the decoded message and its bytes', async () => {
    const client = await connect(transport, protocol, user);
    // The client's query reaches the seam without the access token and the connection token.
    // (Long polling's first poll adds the client's cache buster `_`.)
    const connected = lifecycle.find((line) => line.startsWith(`connected ${client.id} `));
    expect(connected).toMatch(
      new RegExp(`^connected \\S+ ${transport} hub=chat(&_=\\d+)? ${user}$`),
    );
    const result = await client.connection.invoke('Echo', ...args);
    expect(result).toEqual({ echoed: args, by: transport });
    await client.connection.send('Notify', 'fire', 'forget');
    await eventually(() => calls.some((c) => c.connection === client.id && c.target === 'Notify'));
    const mine = calls.filter((c) => c.connection === client.id);
    expect(
      mine.map(({ target, invocationId, args, protocol }) => ({
        target,
        invocationId,
        args,
        protocol,
      })),
    ).toEqual([
      { target: 'Echo', invocationId: expect.any(String), args, protocol },
      { target: 'Notify', invocationId: undefined, args: ['fire', 'forget'], protocol },
    ]);
    // The bytes are the client's own message, without framing, as the service posts it upstream.
    const [echo] = mine;
    if (protocol === 'json') {
      expect(echo?.bytes.includes(0x1e)).toBe(false);
      expect(JSON.parse(echo?.bytes.toString() ?? '')).toMatchObject({
        type: 1,
        invocationId: echo?.invocationId,
        target: 'Echo',
        arguments: args,
      });
    } else {
      const fields = decode(echo?.bytes ?? new Uint8Array()) as unknown[];
      expect(fields.slice(0, 5)).toEqual([1, {}, echo?.invocationId, 'Echo', args]);
    }
  });
});

describe('mixed clients', () => {
  it('one REST broadcast reaches JSON and MessagePack clients on every transport', async () => {
    const clients = await Promise.all(
      combinations.map(([transport, protocol], i) => connect(transport, protocol, `mixed-${i}`)),
    );
    const response = await signalRRest(service.endpoint, 'POST', 'chat', {
      target: 'newMessage',
      arguments: ['to everyone', 7],
    });
    expect(response.status).toBe(202);
    await eventually(() => clients.every((c) => c.received.length >= 1));
    for (const client of clients) expect(client.received).toEqual([['to everyone', 7]]);
  });

  it('MessagePack over server-sent events is refused: negotiate offers that transport for Text only', async () => {
    const { url, accessToken } = await negotiateResult(service.endpoint, { nameid: 'no-sse' });
    const connection = signalRClient(url, accessToken, 'ServerSentEvents', 'messagepack');
    await expect(connection.start()).rejects.toThrow("'ServerSentEvents' does not support Binary.");
  });
});

describe('sends over HTTP', () => {
  it('takes a POST body of several messages past 1 MB in all: the limit is per message', async () => {
    const conn = await negotiateRaw(service.endpoint);
    await transportRequest(conn, 'GET');
    const big = 'b'.repeat(500 * 1024);
    const invocation = (n: number) => `{"type":1,"target":"Batch","arguments":[${n},"${big}"]}\x1e`;
    const body = `{"protocol":"json","version":1}\x1e${invocation(1)}${invocation(2)}${invocation(3)}`;
    expect((await transportRequest(conn, 'POST', { body })).status).toBe(200);
    await eventually(() => calls.filter((c) => c.connection === conn.connectionId).length === 3);
    const batch = calls.filter((c) => c.connection === conn.connectionId);
    expect(batch.map((c) => [c.target, c.args[0], (c.args[1] as string).length])).toEqual([
      ['Batch', 1, big.length],
      ['Batch', 2, big.length],
      ['Batch', 3, big.length],
    ]);
    await transportRequest(conn, 'DELETE');
  });
});
