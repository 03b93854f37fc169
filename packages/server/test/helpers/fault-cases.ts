// The fault matrix as data: faults, the operations they hit on both clients, and a runner that plays
// one case against a fresh fault server. Shared by fault-matrix.test.ts and secret-hygiene.test.ts.
import {
  SignalRServiceClient,
  type TransportOptions,
  WebPubSubServiceClient,
} from '../../src/index.js';
import { type Fault, type Received, startFaultServer } from './fault-server.js';
import { json, type Reply } from './recording-server.js';

/** A distinctive base64 key ("fault matrix access key: never print it"): secret-hygiene.test.ts
 * searches every output for it and its decoding. */
export const FAULT_KEY = 'ZmF1bHQgbWF0cml4IGFjY2VzcyBrZXk6IG5ldmVyIHByaW50IGl0';

export type Service = 'Web PubSub' | 'SignalR';
export type Client = WebPubSubServiceClient | SignalRServiceClient;

export interface FaultRow {
  name: string;
  /**
   * The fault for attempt `attempt` (0-based); each answer carries request id `req-<attempt>`.
   * `foreign` is the URL of another origin's server, for rows that point the client there.
   */
  fault(attempt: number, foreign: string): Fault;
  /** The policy: retried for sends too, because the service certainly did not process the request. */
  retriedForSends: boolean;
  /** Never retried, whatever the method: the same request would get the same answer. */
  final?: boolean;
  /**
   * The fault is in a success body: an operation that returns no data never reads it, so it
   * succeeds at once on the status.
   */
  bodyOnly?: boolean;
  /** Status and code of the RestError once retries are spent; no status means REQUEST_SEND_ERROR. */
  status?: number;
  code?: string;
  /** The service asked for at least this wait between attempts. */
  retryAfterMs?: number;
  /** The fault is a slow answer that only the client's timeout ends, on every attempt. */
  timeout?: boolean;
  /** The answer of the last attempt comes at once, but its body only the timeout ends. */
  bodyTimesOut?: boolean;
  /** The row points the client to another origin's server, which must receive nothing. */
  foreign?: boolean;
  /**
   * The attempt timeout for rows that end on a limit of their own (a body cap), not on the timeout:
   * a long one, so a loaded machine cannot turn their outcome into a timeout and a retry.
   */
  timeoutInMs?: number;
}

const rid = (attempt: number) => ({ 'x-ms-request-id': `req-${attempt}` });
const status = (
  name: string,
  processed: boolean,
  reply: (attempt: number) => Reply,
  code: string,
  extra: Partial<FaultRow> = {},
): FaultRow => {
  const status = reply(0).status;
  return {
    name,
    fault: (attempt) => ({ kind: 'status', reply: reply(attempt), processed }),
    retriedForSends: !processed,
    status,
    code,
    ...extra,
  };
};
const detail = (code: string) => ({ code, message: `The service failed with ${code}.` });

/** Test client timeout for the slow fault, and how late the slow answer comes. */
export const TIMEOUT_MS = 1000;
const SLOW_MS = 10_000;
const GiB = 1024 ** 3;
/** What a server may have sent of a huge body before the client stopped it (socket buffers included). */
export const MAX_BYTES_SENT = 64 * 1024 ** 2;

/** A body streamed after the headers, one byte every 200 ms (20 s in all, far past any timeout). */
const trickle = (status: number, headers: Record<string, string>, processed: boolean): Fault => ({
  kind: 'stream',
  status,
  headers,
  chunk: ' ',
  intervalMs: 200,
  totalBytes: 100,
  processed,
});
/** 2 GiB streamed as fast as the client reads, never held in memory by either side. */
const huge = (status: number, headers: Record<string, string>): Fault => ({
  kind: 'stream',
  status,
  headers,
  chunk: ' '.repeat(64 * 1024),
  intervalMs: 0,
  totalBytes: 2 * GiB,
  processed: true,
});
const JSON_TYPE = { 'content-type': 'application/json' };
const internal = (a: number) => ({ 'x-ms-error-code': 'InternalError', ...rid(a) });

export const FAULTS: FaultRow[] = [
  status(
    '500 with an ErrorDetail body',
    true,
    (a) => json(500, detail('Internal'), rid(a)),
    'Internal',
  ),
  status(
    '500 with a malformed JSON body',
    true,
    (a) => ({
      status: 500,
      headers: {
        'content-type': 'application/json',
        'x-ms-error-code': 'InternalError',
        ...rid(a),
      },
      body: '{"code":"Internal',
    }),
    'InternalError',
  ),
  status(
    '502 with a text body from a gateway',
    true,
    (a) => ({
      status: 502,
      headers: { 'content-type': 'text/plain', 'x-ms-error-code': 'BadGateway', ...rid(a) },
      body: 'Bad Gateway',
    }),
    'BadGateway',
  ),
  status('503 with an ErrorDetail body', false, (a) => json(503, detail('Busy'), rid(a)), 'Busy'),
  status(
    '503 with an empty JSON body',
    false,
    (a) => ({
      status: 503,
      headers: { 'content-type': 'application/json', 'x-ms-error-code': 'Unavailable', ...rid(a) },
    }),
    'Unavailable',
  ),
  status(
    '503 with retry-after-ms: 300',
    false,
    (a) => ({
      status: 503,
      headers: { 'retry-after-ms': '300', 'x-ms-error-code': 'Unavailable', ...rid(a) },
    }),
    'Unavailable',
    { retryAfterMs: 300 },
  ),
  status(
    '504 with an empty body',
    true,
    (a) => ({
      status: 504,
      headers: { 'x-ms-error-code': 'GatewayTimeout', ...rid(a) },
    }),
    'GatewayTimeout',
  ),
  status(
    '429 with Retry-After: 1',
    false,
    (a) =>
      json(429, detail('Throttled'), {
        'retry-after': '1',
        ...rid(a),
      }),
    'Throttled',
    { retryAfterMs: 1000 },
  ),
  status(
    '429 without Retry-After',
    false,
    (a) => json(429, detail('Throttled'), rid(a)),
    'Throttled',
  ),
  status('408', false, (a) => json(408, detail('RequestTimeout'), rid(a)), 'RequestTimeout'),
  {
    name: 'connection reset before the body is read',
    fault: () => ({ kind: 'reset-before-body' }),
    // The service never saw the body, but fetch cannot tell this reset from the next one.
    retriedForSends: false,
    code: 'REQUEST_SEND_ERROR',
  },
  {
    name: 'connection reset after the body is read',
    fault: () => ({ kind: 'reset-after-body' }),
    retriedForSends: false,
    code: 'REQUEST_SEND_ERROR',
  },
  {
    name: 'slow answer past the timeout',
    fault: () => ({ kind: 'slow', delayMs: SLOW_MS }),
    retriedForSends: false,
    code: 'REQUEST_SEND_ERROR',
    timeout: true,
  },
  {
    name: 'blackhole: the request is read and never answered',
    fault: () => ({ kind: 'blackhole' }),
    retriedForSends: false,
    code: 'REQUEST_SEND_ERROR',
    timeout: true,
  },
  {
    name: '200 whose body trickles one byte every 200 ms',
    fault: (a) => trickle(200, { ...JSON_TYPE, ...rid(a) }, true),
    bodyOnly: true,
    retriedForSends: false,
    code: 'REQUEST_SEND_ERROR',
    timeout: true,
  },
  {
    name: '500 whose body trickles one byte every 200 ms',
    fault: (a) => trickle(500, internal(a), true),
    retriedForSends: false,
    status: 500,
    code: 'InternalError',
    bodyTimesOut: true,
  },
  {
    name: '200 with a 2 GiB body',
    fault: (a) => huge(200, { ...JSON_TYPE, ...rid(a) }),
    timeoutInMs: 30_000,
    bodyOnly: true,
    final: true,
    retriedForSends: false,
    status: 200,
    code: 'PARSE_ERROR',
  },
  {
    name: '500 with a 2 GiB body',
    fault: (a) => huge(500, internal(a)),
    timeoutInMs: 30_000,
    retriedForSends: false,
    status: 500,
    code: 'InternalError',
  },
  {
    name: 'connection reset in the middle of a 200 body',
    fault: (a) => ({
      kind: 'stream',
      status: 200,
      headers: { ...JSON_TYPE, ...rid(a) },
      chunk: '{"value":[{"connectionId":"c1"',
      // The reset comes after the headers have surely arrived, so it hits the body.
      intervalMs: 100,
      totalBytes: 1,
      reset: true,
      processed: true,
    }),
    bodyOnly: true,
    retriedForSends: false,
    code: 'REQUEST_SEND_ERROR',
  },
  {
    name: '307 redirect to another origin',
    fault: (a, foreign) => ({
      kind: 'status',
      reply: { status: 307, headers: { location: `${foreign}/collect`, ...rid(a) } },
      processed: false,
    }),
    final: true,
    retriedForSends: false,
    status: 307,
    foreign: true,
  },
];

export interface Operation {
  service: Service;
  name: string;
  /** Sends are POSTs; idempotent operations are retried after any transient failure. */
  kind: 'send' | 'idempotent';
  /** The operation returns data, so it reads the success body. */
  readsBody?: boolean;
  run(client: Client, signal?: AbortSignal): Promise<unknown>;
}

export const OPERATIONS: Operation[] = [
  {
    service: 'Web PubSub',
    name: 'sendToAll (POST)',
    kind: 'send',
    run: (c, abortSignal) => (c as WebPubSubServiceClient).sendToAll({ n: 1 }, { abortSignal }),
  },
  {
    service: 'Web PubSub',
    name: 'group.addUser (PUT)',
    kind: 'idempotent',
    run: (c, abortSignal) => (c as WebPubSubServiceClient).group('g').addUser('u', { abortSignal }),
  },
  {
    service: 'Web PubSub',
    name: 'group.listConnections (GET, reads a page)',
    kind: 'idempotent',
    readsBody: true,
    run: async (c, abortSignal) => {
      const members = [];
      const group = (c as WebPubSubServiceClient).group('g');
      for await (const member of group.listConnections({ abortSignal })) members.push(member);
      return members;
    },
  },
  {
    service: 'Web PubSub',
    name: 'closeAllConnections (POST action)',
    kind: 'idempotent',
    run: (c, abortSignal) =>
      (c as WebPubSubServiceClient).closeAllConnections({ reason: 'bye', abortSignal }),
  },
  {
    service: 'SignalR',
    name: 'sendToAll (POST)',
    kind: 'send',
    run: (c, abortSignal) => (c as SignalRServiceClient).sendToAll('notify', [1], { abortSignal }),
  },
  {
    service: 'SignalR',
    name: 'removeUserFromGroup (DELETE)',
    kind: 'idempotent',
    run: (c, abortSignal) =>
      (c as SignalRServiceClient).removeUserFromGroup('u', 'g', { abortSignal }),
  },
];

export function makeClient(
  service: Service,
  port: number,
  options: TransportOptions = {},
  scheme: 'http' | 'https' = 'http',
): Client {
  const cs = `Endpoint=${scheme}://127.0.0.1;Port=${port};AccessKey=${FAULT_KEY};Version=1.0;`;
  const all = { retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5000 }, ...options };
  return service === 'Web PubSub'
    ? new WebPubSubServiceClient(cs, 'hub', all)
    : new SignalRServiceClient(cs, 'hub', all);
}

/** `recover`: the fault hits the first attempt only; `exhaust`: every attempt. */
export type Mode = 'recover' | 'exhaust';
export const MAX_RETRIES = 2;

/** What a case must end in: how many requests the server gets, and whether the call fails. */
export function expectation(op: Operation, row: FaultRow, mode: Mode) {
  if (row.bodyOnly && !op.readsBody) return { attempts: 1, fails: false, retried: false };
  const retried = !row.final && (op.kind === 'idempotent' || row.retriedForSends);
  const attempts = !retried ? 1 : mode === 'recover' ? 2 : MAX_RETRIES + 1;
  return { attempts, fails: !(retried && mode === 'recover'), retried };
}

export interface Outcome {
  error?: unknown;
  received: Received[];
  /** What the other origin's server received (rows with `foreign`). */
  foreignReceived: Received[];
  /** Milliseconds from the call to its end. */
  elapsed: number;
  /** Authorization header values the server saw, for the secret-hygiene checks. */
  tokens: string[];
}

export async function runFaultCase(op: Operation, row: FaultRow, mode: Mode): Promise<Outcome> {
  const server = await startFaultServer();
  const foreign = row.foreign ? await startFaultServer() : undefined;
  try {
    const attempts = mode === 'recover' ? 1 : MAX_RETRIES + 1;
    server.plan(Array.from({ length: attempts }, (_, a) => row.fault(a, foreign?.url ?? '')));
    const client = makeClient(op.service, server.port, {
      timeoutInMs: row.timeoutInMs ?? TIMEOUT_MS,
    });
    const started = performance.now();
    let error: unknown;
    try {
      await op.run(client);
    } catch (e) {
      error = e;
    }
    const elapsed = performance.now() - started;
    const tokens = server.received.map((r) => String(r.headers.authorization ?? ''));
    const foreignReceived = [...(foreign?.received ?? [])];
    return { error, received: [...server.received], foreignReceived, elapsed, tokens };
  } finally {
    await server.close();
    await foreign?.close();
  }
}

/** Requests the service could have acted on: more than one for a send is a duplicate delivery. */
export const processedCount = (received: Received[]) => received.filter((r) => r.processed).length;
