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
  /** The fault for attempt `attempt` (0-based); each answer carries request id `req-<attempt>`. */
  fault(attempt: number): Fault;
  /** The policy: retried for sends too, because the service certainly did not process the request. */
  retriedForSends: boolean;
  /** Status and code of the RestError once retries are spent; no status means REQUEST_SEND_ERROR. */
  status?: number;
  code: string;
  /** The service asked for at least this wait between attempts. */
  retryAfterMs?: number;
  /** The fault is a slow answer that only the client's timeout ends. */
  timeout?: boolean;
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
];

export interface Operation {
  service: Service;
  name: string;
  /** Sends are POSTs; idempotent operations are retried after any transient failure. */
  kind: 'send' | 'idempotent';
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

export function makeClient(service: Service, port: number, options: TransportOptions = {}): Client {
  const cs = `Endpoint=http://127.0.0.1;Port=${port};AccessKey=${FAULT_KEY};Version=1.0;`;
  const all = { retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 5000 }, ...options };
  return service === 'Web PubSub'
    ? new WebPubSubServiceClient(cs, 'hub', all)
    : new SignalRServiceClient(cs, 'hub', all);
}

/** `recover`: the fault hits the first attempt only; `exhaust`: every attempt. */
export type Mode = 'recover' | 'exhaust';
export const MAX_RETRIES = 2;

export interface Outcome {
  error?: unknown;
  received: Received[];
  /** Milliseconds from the call to its end. */
  elapsed: number;
  /** Authorization header values the server saw, for the secret-hygiene checks. */
  tokens: string[];
}

export async function runFaultCase(op: Operation, row: FaultRow, mode: Mode): Promise<Outcome> {
  const server = await startFaultServer();
  try {
    const attempts = mode === 'recover' ? 1 : MAX_RETRIES + 1;
    server.plan(Array.from({ length: attempts }, (_, a) => row.fault(a)));
    const client = makeClient(
      op.service,
      server.port,
      row.timeout ? { timeoutInMs: TIMEOUT_MS } : {},
    );
    const started = performance.now();
    let error: unknown;
    try {
      await op.run(client);
    } catch (e) {
      error = e;
    }
    const elapsed = performance.now() - started;
    const tokens = server.received.map((r) => String(r.headers.authorization ?? ''));
    return { error, received: [...server.received], elapsed, tokens };
  } finally {
    await server.close();
  }
}

/** Requests the service could have acted on: more than one for a send is a duplicate delivery. */
export const processedCount = (received: Received[]) => received.filter((r) => r.processed).length;
