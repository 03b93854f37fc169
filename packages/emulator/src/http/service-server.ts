// The node:http server each emulated service runs on: request URL reconstruction, one log line per
// REST call, WebSocket upgrade routing, and a graceful close(): stop accepting, let the REST requests
// in flight finish (up to the grace period), then close client sockets (1001) and every connection.
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { NO_PROBE, type Probe } from '../inspector/probe.js';
import { redactedQuery } from '../inspector/redact.js';
import type { ServiceName } from '../inspector/types.js';
import { defined } from '../shared/defined.js';
import type { Logger } from '../shared/logger.js';
import { HttpError, sendError } from './respond.js';

/** REST requests in flight get this long to finish when the emulator stops. */
export const SHUTDOWN_GRACE_MS = 5000;

export interface ServiceServerOptions {
  /** Short service name used in log lines and timeline events. */
  readonly name: ServiceName;
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly onRequest: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;
  readonly onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;
  /** Runs on close() once REST requests drained: upgraded sockets are not the HTTP server's to close. */
  readonly onClose: () => void;
  /** How long close() waits for REST requests in flight before cutting them. Default 5 s. */
  readonly shutdownGraceMs?: number;
  /** The inspector's hook: every request becomes a timeline event. */
  readonly probe?: Probe;
  /** The hub a non-REST request (negotiate, a SignalR transport request) is about. */
  readonly hubOfUrl?: (url: URL) => string | undefined;
  /**
   * Answers requests that are not the service's (the inspector) before anything else; returns true
   * when it took the request. Such requests are neither logged nor put on the timeline.
   */
  readonly intercept?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

export interface ServiceServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

/** The URL the client addressed: `http://<Host header><path>`. Tokens' audiences are compared with it. */
export function requestUrl(req: IncomingMessage): URL | undefined {
  const host = req.headers.host;
  if (!host) return undefined;
  try {
    return new URL(req.url ?? '/', `http://${host}`);
  } catch {
    return undefined;
  }
}

export async function startServiceServer(options: ServiceServerOptions): Promise<ServiceServer> {
  const { log, name } = options;
  const probe = options.probe ?? NO_PROBE;
  const drain = new InFlight();
  let closing = false;
  const server = createServer((req, res) => {
    const started = performance.now();
    const url = requestUrl(req);
    if (url && !closing && options.intercept?.(req, res, url)) return;
    drain.track(res);
    res.on('finish', () => {
      const elapsed = performance.now() - started;
      log(
        `[${name}] ${req.method} ${url?.pathname ?? req.url} ${res.statusCode} ${elapsed.toFixed(1)}ms`,
      );
      if (probe.enabled) recordHttp(probe, options, req, url, res.statusCode, elapsed);
    });
    if (closing) {
      // A request on a kept-alive socket after shutdown began: refused, and the socket released.
      res.setHeader('connection', 'close');
      return sendError(req, res, shuttingDown());
    }
    if (!url)
      return sendError(
        req,
        res,
        new HttpError(400, 'InvalidRequest', 'A valid Host header is required.'),
      );
    Promise.resolve(options.onRequest(req, res, url)).catch((error: unknown) => {
      if (!res.headersSent) {
        sendError(req, res, new HttpError(500, 'InternalServerError', String(error)));
      }
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = requestUrl(req);
    if (closing) return rejectUpgrade(socket, 503, shuttingDown().message);
    if (!url) return rejectUpgrade(socket, 400, 'A valid Host header is required.');
    options.onUpgrade(req, socket, head, url);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = async () => {
    closing = true;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await drain.settled(options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS);
    options.onClose();
    server.closeAllConnections();
    await stopped;
  };
  return {
    server,
    port,
    close: () => {
      closed ??= close();
      return closed;
    },
  };
}

function recordHttp(
  probe: Probe,
  options: ServiceServerOptions,
  req: IncomingMessage,
  url: URL | undefined,
  status: number,
  durationMs: number,
): void {
  const note = probe.restNote(req) ?? {};
  const hub = note.hub ?? (url && options.hubOfUrl?.(url));
  const query = url && redactedQuery(url.searchParams);
  const { operation, connectionId, userId, group, requestBytes, contentType, body } = note;
  probe.record({
    kind: 'http',
    service: options.name,
    api: operation === undefined ? 'client' : 'rest',
    method: req.method ?? 'GET',
    path: url?.pathname ?? '',
    status,
    durationMs: Math.round(durationMs * 10) / 10,
    ...defined({ hub, query, operation, connectionId, userId, group }),
    ...defined({ requestBytes, contentType, body }),
  });
}

function shuttingDown(): HttpError {
  return new HttpError(503, 'ServiceUnavailable', 'The emulator is shutting down.');
}

/** Counts responses not yet finished (or aborted), so close() can wait for them. */
class InFlight {
  #count = 0;
  #idle: (() => void) | undefined;

  track(res: ServerResponse): void {
    this.#count++;
    res.once('close', () => {
      if (--this.#count === 0) this.#idle?.();
    });
  }

  /** Resolves when nothing is in flight, or after `graceMs`. */
  settled(graceMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      this.#idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Refuses a WebSocket handshake with an HTTP status and a plain-text reason. */
export function rejectUpgrade(
  socket: Duplex,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): void {
  if (!socket.writable) return void socket.destroy();
  const body = Buffer.from(reason);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${body.length}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
}

/**
 * rejectUpgrade() plus one log line and a timeline event, so refused handshakes (bad tokens above all)
 * show up in the log and the inspector.
 */
export function upgradeRefuser(
  log: Logger,
  name: ServiceName,
  probe: Probe,
  hubOf: (url: URL) => string | undefined,
) {
  return (socket: Duplex, url: URL, status: number, reason: string): void => {
    log(`[${name}] refused WebSocket ${url.pathname} ${status}: ${reason}`);
    const hub = hubOf(url);
    const path = url.pathname;
    probe.record({ kind: 'refused', service: name, path, status, reason, ...defined({ hub }) });
    rejectUpgrade(socket, status, reason);
  };
}
