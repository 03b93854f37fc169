// A loopback HTTP server that records every request exactly as it arrived (raw path and query, headers,
// body bytes) and answers with a canned or test-provided response.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export interface Recorded {
  method: string;
  /** Raw request target: path and query exactly as sent. */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type Responder = (request: Recorded, index: number) => Reply | Promise<Reply>;

/** The status the Web PubSub and SignalR services answer for a request that succeeds. */
export function successReply(request: Recorded): Reply {
  const path = request.target.split('?')[0] ?? '';
  switch (request.method) {
    case 'HEAD':
    case 'PUT':
      return { status: 200 };
    case 'DELETE':
      return { status: 204 };
    case 'GET':
      if (path.endsWith('/connections')) {
        return json(200, { value: [{ connectionId: 'c1', userId: 'u1' }] });
      }
      if (path.endsWith('/auth/accessKey'))
        return json(200, { KeyId: 'kid-1', AccessKey: 'k'.repeat(44) });
      return { status: 200 };
    default:
      if (path.endsWith('/:generateToken')) return json(200, { token: 'service-minted-token' });
      if (path.endsWith('/:closeConnections')) return { status: 204 };
      if (path.endsWith('/:addToGroups') || path.endsWith('/:removeFromGroups'))
        return { status: 200 };
      return { status: 202 };
  }
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

export interface RecordingServer {
  url: string;
  port: number;
  requests: Recorded[];
  respond: Responder;
  /** Requests received since the last call, then forgets them. */
  take(): Recorded[];
  close(): Promise<void>;
}

export async function startRecordingServer(
  respond: Responder = successReply,
): Promise<RecordingServer> {
  const state = {
    requests: [] as Recorded[],
    respond,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const recorded: Recorded = {
        method: req.method ?? '',
        target: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const index = state.requests.push(recorded) - 1;
      try {
        const reply = await state.respond(recorded, index);
        const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
        res.writeHead(reply.status, { 'content-length': String(body.length), ...reply.headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      } catch {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests;
    },
    get respond() {
      return state.respond;
    },
    set respond(fn: Responder) {
      state.respond = fn;
    },
    take() {
      return state.requests.splice(0, state.requests.length);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * One recording server for the test file: started before its tests (before the file's own `beforeAll`
 * hooks that come after this call), reset to `respond` with its requests forgotten after each test,
 * and closed at the end. The returned object reads through to the running server.
 */
export function useRecordingServer(respond: Responder = successReply): RecordingServer {
  let current: RecordingServer | undefined;
  const running = (): RecordingServer => {
    if (!current)
      throw new Error('The recording server starts in beforeAll; use it inside a test.');
    return current;
  };
  beforeAll(async () => {
    current = await startRecordingServer(respond);
  });
  afterEach(() => {
    running().respond = respond;
    running().take();
  });
  afterAll(() => current?.close());
  return {
    get url() {
      return running().url;
    },
    get port() {
      return running().port;
    },
    get requests() {
      return running().requests;
    },
    get respond() {
      return running().respond;
    },
    set respond(fn: Responder) {
      running().respond = fn;
    },
    take: () => running().take(),
    close: () => running().close(),
  };
}

/** Runs `call` and returns the one request it made (failing the test on none or several) and its result. */
export async function recordOne(
  server: RecordingServer,
  call: () => Promise<unknown>,
): Promise<{ request: Recorded; result: unknown }> {
  server.take();
  const result = await call();
  const requests = server.take();
  expect(requests).toHaveLength(1);
  return { request: requests[0] as Recorded, result };
}
