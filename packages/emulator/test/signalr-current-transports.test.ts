// The current REST API's client results and streams over every transport and hub protocol the
// emulator speaks: @microsoft/signalr (with @microsoft/signalr-protocol-msgpack) answers `:invoke` from
// a handler's return value, and receives stream items sent for its own stream invocation.
import {
  createClient,
  signalRCompleteConnectionStream,
  signalRInvokeClientConnection,
  signalRSendToConnectionStream,
} from '@hubcast/signalr-rest/2024-12-01';
import type { HubConnection } from '@microsoft/signalr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  negotiateResult,
  type ProtocolName,
  type SignalROnly,
  signalRClient,
  startSignalROnly,
  type TransportName,
} from './helpers/signalr.js';
import { V } from './helpers/signalr-current.js';
import { eventually, signToken } from './helpers.js';

let service: SignalROnly;
let rest: ReturnType<typeof createClient>;
const open: HubConnection[] = [];

beforeAll(async () => {
  service = await startSignalROnly();
  rest = createClient({ baseUrl: service.endpoint });
  rest.interceptors.request.use(async (request) => {
    const url = new URL(request.url);
    const token = await signToken({ aud: `${url.origin}${url.pathname}` });
    request.headers.set('authorization', `Bearer ${token}`);
    return request;
  });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
});
afterAll(() => service.close());

const combinations: [TransportName, ProtocolName][] = [
  ['WebSockets', 'json'],
  ['WebSockets', 'messagepack'],
  ['ServerSentEvents', 'json'],
  ['LongPolling', 'json'],
  ['LongPolling', 'messagepack'],
];

describe.each(combinations)('%s with the %s hub protocol', (transport, protocol) => {
  async function connect() {
    const { url, accessToken } = await negotiateResult(service.endpoint, {});
    const connection = signalRClient(url, accessToken, transport, protocol);
    open.push(connection);
    await connection.start();
    return { connection, id: connection.connectionId as string };
  }

  it(':invoke returns what the handler returned, and its error when it throws', async () => {
    const { connection, id } = await connect();
    connection.on('describe', (value: { n: number }, label: string) => ({
      label,
      doubled: value.n * 2,
      nested: [null, true, 'é'],
    }));
    connection.on('fail', () => {
      throw new Error(`no via ${transport}`);
    });
    const path = { hub: 'chat', connectionId: id };
    const ok = await signalRInvokeClientConnection({
      client: rest,
      path,
      query: V,
      body: { target: 'describe', arguments: [{ n: 21 }, protocol] },
    });
    expect(ok.response?.status).toBe(200);
    expect(ok.data).toEqual({
      result: { label: protocol, doubled: 42, nested: [null, true, 'é'] },
    });
    const failed = await signalRInvokeClientConnection({
      client: rest,
      path,
      query: V,
      body: { target: 'fail' },
    });
    expect(failed.response?.status).toBe(400);
    expect((failed.error as { message: string }).message).toContain(`no via ${transport}`);
  });

  it('a client stream receives the items and the completion sent for its invocation', async () => {
    const { connection, id } = await connect();
    const items: unknown[] = [];
    let completed = false;
    let failure: Error | undefined;
    // Without an upstream the service ignores the stream invocation, so the stream stays open for
    // the app server's items. The JavaScript client numbers its invocations from 0.
    connection.stream('counter').subscribe({
      next: (item) => items.push(item),
      complete: () => {
        completed = true;
      },
      error: (error) => {
        failure = error;
      },
    });
    const path = { hub: 'chat', connectionId: id, streamId: '0' };
    await signalRSendToConnectionStream({ client: rest, path, query: V, body: { n: 1 } });
    await signalRSendToConnectionStream({ client: rest, path, query: V, body: [2] });
    await eventually(() => items.length === 2, 5000);
    expect(completed).toBe(false);
    await signalRCompleteConnectionStream({ client: rest, path, query: V });
    await eventually(() => completed, 5000);
    expect(items).toEqual([{ n: 1 }, [2]]);
    expect(failure).toBeUndefined();
  });
});
