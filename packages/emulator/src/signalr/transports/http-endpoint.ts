// The HTTP side of `/client/?hub=…&id=<connectionToken>` for the half-transports, as ASP.NET Core's
// connection dispatcher answers it: GET with `Accept: text/event-stream` opens server-sent events,
// any other GET is a long poll (the first one only starts the connection), POST carries client
// messages, DELETE ends a long-polling connection. Every request is authenticated, and CORS lets
// browsers make them with credentials.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, sendEmpty, sendError } from '../../http/respond.js';
import { DEFAULT_OUTBOUND_LIMITS, type OutboundLimits } from '../../shared/outbound-bound.js';
import type { ClientIdentity } from '../client-auth.js';
import { corsHeaders, preflightHeaders } from '../client-auth.js';
import type { SrConnection } from '../connection.js';
import {
  DEFAULT_LONG_POLLING_TIMEOUTS,
  type LongPollingTimeouts,
  LongPollingTransport,
} from './long-polling.js';
import { ServerSentEventsTransport } from './server-sent-events.js';
import type { ClientTransport } from './transport.js';

const METHODS = 'GET, POST, DELETE, OPTIONS';

/** Timeouts and bounds of the half-transports (tests shorten them). */
export interface HttpTransportSettings {
  readonly longPolling: LongPollingTimeouts;
  readonly outbound: OutboundLimits;
}

export const DEFAULT_HTTP_TRANSPORT_SETTINGS: HttpTransportSettings = {
  longPolling: DEFAULT_LONG_POLLING_TIMEOUTS,
  outbound: DEFAULT_OUTBOUND_LIMITS,
};

export interface HttpTransportContext {
  readonly authorize: (req: IncomingMessage, url: URL) => Promise<ClientIdentity>;
  readonly settings: HttpTransportSettings;
  /** The connection a token names once a transport has started, if it is still there. */
  connection(token: string, hub: string): SrConnection | undefined;
  /**
   * Starts the negotiated connection of `token` on the transport `create` makes (called only when
   * the token is good); undefined when no negotiation of this hub has that token.
   */
  open(
    token: string,
    identity: ClientIdentity,
    url: URL,
    create: () => ClientTransport,
  ): SrConnection | undefined;
}

export function httpTransportEndpoint(ctx: HttpTransportContext) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const exchange: Exchange = { ctx, req, res, url, cors: corsHeaders(req) };
    try {
      await handle(exchange);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (!res.headersSent) sendError(req, res, error, exchange.cors);
    }
  };
}

/** One request and what answering it needs. */
interface Exchange {
  readonly ctx: HttpTransportContext;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** CORS headers, on every answer. */
  readonly cors: Record<string, string>;
}

async function handle(x: Exchange): Promise<void> {
  const method = x.req.method ?? 'GET';
  if (method === 'OPTIONS') return sendEmpty(x.res, 204, preflightHeaders(x.req, METHODS));
  if (!['GET', 'POST', 'DELETE'].includes(method)) {
    x.res.setHeader('allow', METHODS);
    throw new HttpError(405, 'MethodNotAllowed', `Use ${METHODS} on ${x.url.pathname}.`);
  }
  const identity = await x.ctx.authorize(x.req, x.url);
  const token = x.url.searchParams.get('id');
  if (!token) {
    throw new HttpError(400, 'InvalidParameter', "The query parameter 'id' is required.", 'id');
  }
  const conn = x.ctx.connection(token, identity.hub);
  if (method === 'GET') {
    const streams = (x.req.headers.accept ?? '').toLowerCase().includes('text/event-stream');
    if (streams) return openStream(x, token, identity, conn);
    return conn ? poll(x, conn) : startPolling(x, token, identity);
  }
  if (!conn) throw notFound();
  return method === 'POST' ? post(x, conn) : remove(x, conn);
}

function openStream(x: Exchange, token: string, identity: ClientIdentity, conn?: SrConnection) {
  if (conn) throw transportInUse(conn, 'ServerSentEvents');
  const transport = () => new ServerSentEventsTransport(x.res, x.cors, x.ctx.settings.outbound);
  if (!x.ctx.open(token, identity, x.url, transport)) throw notFound();
}

/** The first poll only starts the connection: it is answered at once, without data. */
function startPolling(x: Exchange, token: string, identity: ClientIdentity) {
  const transport = () =>
    new LongPollingTransport(x.ctx.settings.longPolling, x.ctx.settings.outbound);
  if (!x.ctx.open(token, identity, x.url, transport)) throw notFound();
  answer(x, 200);
}

function poll(x: Exchange, conn: SrConnection) {
  if (!(conn.transport instanceof LongPollingTransport)) {
    throw transportInUse(conn, 'LongPolling');
  }
  conn.transport.poll(x.res, x.cors);
}

/**
 * Client messages. The body goes to the connection chunk by chunk: the official client batches
 * what it has queued into one POST, so a body may hold many messages, and the hub protocol reader
 * bounds each of them.
 */
async function post(x: Exchange, conn: SrConnection) {
  const transport = conn.transport;
  if (!transport.receive) {
    throw new HttpError(
      405,
      'MethodNotAllowed',
      'POST requests are not allowed for WebSocket connections.',
    );
  }
  for await (const chunk of x.req) transport.receive(chunk as Buffer);
  answer(x, 200);
}

function remove(x: Exchange, conn: SrConnection) {
  if (!(conn.transport instanceof LongPollingTransport)) {
    throw new HttpError(400, 'InvalidRequest', 'Only long-polling connections end with DELETE.');
  }
  conn.transport.terminate();
  answer(x, 202);
}

function answer(x: Exchange, status: number): void {
  x.res.writeHead(status, { ...x.cors, 'content-type': 'text/plain', 'content-length': 0 });
  x.res.end();
}

function notFound(): HttpError {
  return new HttpError(404, 'NotFound', 'No connection has this id.', 'id');
}

/** 409 for a second stream on one connection, 400 for another transport, as ASP.NET Core answers. */
function transportInUse(conn: SrConnection, wanted: string): HttpError {
  if (conn.transport.kind === wanted) {
    return new HttpError(409, 'Conflict', 'The connection already has an active request.');
  }
  return new HttpError(400, 'InvalidRequest', 'Cannot change transports mid-connection.');
}
