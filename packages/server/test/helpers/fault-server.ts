// A loopback HTTP server that injects one fault per request from a plan, then answers like the
// service. It records what it received and whether it "processed" each request, the worst case a real
// service or gateway could have done: a send counted as processed twice is a duplicate.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Recorded, type Reply, successReply } from './recording-server.js';

export type Fault =
  /** An HTTP answer; `processed` says whether the service could have acted on the request first. */
  | { kind: 'status'; reply: Reply; processed: boolean }
  /** TCP reset as soon as the request line and headers arrived, before the body is read. */
  | { kind: 'reset-before-body' }
  /** TCP reset after the whole body was read, before any answer. */
  | { kind: 'reset-after-body' }
  /** The answer (a success) comes only after `delayMs`, past the client's timeout. */
  | { kind: 'slow'; delayMs: number }
  /** The request is read and never answered; the connection stays open. */
  | { kind: 'blackhole' }
  /** Status and headers at once, then a body streamed as the client reads it (see {@link Stream}). */
  | Stream;

/**
 * A streamed body: `chunk` written again and again, `intervalMs` apart (0: as fast as the client
 * reads, with backpressure, so the server never buffers), until `totalBytes` went out; then the
 * response ends, or the connection is reset with `reset`. Nothing is held in memory but one chunk.
 */
export interface Stream {
  kind: 'stream';
  status: number;
  headers?: Record<string, string>;
  chunk: string;
  intervalMs: number;
  totalBytes: number;
  reset?: boolean;
  processed: boolean;
}

export interface Received extends Recorded {
  /** performance.now() when the request headers arrived. */
  at: number;
  /** Whether the service could have acted on this request (see {@link Fault}). */
  processed: boolean;
  /** Response body bytes written to the socket. */
  bytesSent: number;
}

export interface FaultServer {
  url: string;
  port: number;
  received: Received[];
  /** Faults for the next requests, in order; `rest` answers every request after them (default success). */
  plan(faults: Fault[], rest?: Fault | 'success'): void;
  /** Called when a request's headers arrive (for example to abort the client at that moment). */
  onRequest?: (index: number) => void;
  close(): Promise<void>;
}

/** Starts a fault server on 127.0.0.1 with a random port (or `port`, to take over a refused one). */
export async function startFaultServer(port = 0): Promise<FaultServer> {
  let faults: Fault[] = [];
  let rest: Fault | 'success' = 'success';
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const index = received.length;
    const entry: Received = {
      method: req.method ?? '',
      target: req.url ?? '',
      headers: req.headers,
      body: Buffer.alloc(0),
      at: performance.now(),
      processed: false,
      bytesSent: 0,
    };
    received.push(entry);
    state.onRequest?.(index);
    const fault: Fault | 'success' = index < faults.length ? (faults[index] as Fault) : rest;
    if (fault !== 'success' && fault.kind === 'reset-before-body') {
      req.socket.resetAndDestroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      entry.body = Buffer.concat(chunks);
      if (fault === 'success') return answer(res, entry, successReply(entry), true);
      switch (fault.kind) {
        case 'status':
          return answer(res, entry, fault.reply, fault.processed);
        case 'reset-after-body':
          entry.processed = true;
          req.socket.resetAndDestroy();
          return;
        case 'slow': {
          entry.processed = true;
          const timer = setTimeout(() => {
            timers.delete(timer);
            answer(res, entry, successReply(entry), true);
          }, fault.delayMs);
          timers.add(timer);
          return;
        }
        case 'blackhole':
          entry.processed = true;
          return;
        case 'stream':
          return stream(res, entry, fault);
      }
    });
  };

  function stream(res: ServerResponse, entry: Received, fault: Stream) {
    entry.processed = fault.processed;
    res.writeHead(fault.status, fault.headers);
    const chunk = Buffer.from(fault.chunk);
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const pump = () => {
      while (!closed && !res.destroyed) {
        if (entry.bytesSent >= fault.totalBytes) {
          if (fault.reset) res.socket?.resetAndDestroy();
          else res.end();
          return;
        }
        entry.bytesSent += chunk.length;
        const more = res.write(chunk);
        if (fault.intervalMs > 0) {
          const timer = setTimeout(() => {
            timers.delete(timer);
            pump();
          }, fault.intervalMs);
          timers.add(timer);
          return;
        }
        if (!more) {
          res.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  function answer(res: ServerResponse, entry: Received, reply: Reply, processed: boolean) {
    entry.processed = processed;
    if (res.destroyed) return;
    const body = reply.body === undefined ? Buffer.alloc(0) : Buffer.from(reply.body);
    res.writeHead(reply.status, { 'content-length': String(body.length), ...reply.headers });
    res.end(entry.method === 'HEAD' ? undefined : body);
    entry.bytesSent = body.length;
  }

  const server: Server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset socket may report ECONNRESET on the server side too; that is the point of the fault.
    socket.on('error', () => {});
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const state: FaultServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    port: (server.address() as AddressInfo).port,
    received,
    plan(next, after = 'success') {
      faults = next;
      rest = after;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return state;
}
