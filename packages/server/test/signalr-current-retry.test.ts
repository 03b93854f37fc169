// Retries of the current API's operations (src/retry.ts): a client invocation, a stream item and a
// transaction are never repeated once the service may have acted on them; closing connections is
// repeated after any transient failure. A 408 on :invoke may mean the client got the invocation and
// did not answer in time, so it is not repeated either. The fault server counts what it received.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestError, SignalRServiceClient } from '../src/index.js';
import { type Fault, type FaultServer, startFaultServer } from './helpers/fault-server.js';
import { json } from './helpers/recording-server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const client = () =>
  new SignalRServiceClient(
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=retry-key;Version=1.0;`,
    'hub',
    { retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5 } },
  );

const status = (code: number, processed: boolean): Fault => ({
  kind: 'status',
  reply: json(code, { code: `E${code}`, message: 'fault' }),
  processed,
});
const invokeResult: Fault = { kind: 'status', reply: json(200, { result: 42 }), processed: true };

const cases: [string, (c: SignalRServiceClient) => Promise<unknown>, Fault, number][] = [
  ['invoke after 408', (c) => c.invoke('c', 'm'), status(408, true), 1],
  ['invoke after 500', (c) => c.invoke('c', 'm'), status(500, true), 1],
  [
    'invoke after a reset once the body was read',
    (c) => c.invoke('c', 'm'),
    { kind: 'reset-after-body' },
    1,
  ],
  ['sendStreamItem after 500', (c) => c.sendStreamItem('c', 's', 1), status(500, true), 1],
  ['execute after 502', (c) => c.execute([{ type: 'CloseConnection' }]), status(502, true), 1],
  [
    'closeUserConnections after 500 (idempotent)',
    (c) => c.closeUserConnections('u'),
    status(500, true),
    3,
  ],
  [
    'removeConnectionFromAllGroups after 504 (idempotent)',
    (c) => c.removeConnectionFromAllGroups('c'),
    status(504, true),
    3,
  ],
];

describe('current-API operations under faults that never end', () => {
  it.each(cases)('%s', async (_name, call, fault, attempts) => {
    server.received.length = 0;
    server.plan([fault, fault, fault], fault);
    const error = await call(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(server.received).toHaveLength(attempts);
  });
});

describe('faults that prove nothing was processed are retried, also for an invocation', () => {
  it('invoke after a 503 succeeds on the next attempt, once processed', async () => {
    server.received.length = 0;
    server.plan([status(503, false)], invokeResult);
    expect(await client().invoke('c', 'm')).toBe(42);
    expect(server.received).toHaveLength(2);
    expect(server.received.filter((r) => r.processed)).toHaveLength(1);
  });
});
