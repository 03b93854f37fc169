// The HTTP side of `/client/?hub=…&id=<connectionToken>` for the half-transports, as ASP.NET Core's
// connection dispatcher answers it: GET with `Accept: text/event-stream` opens server-sent events,
// any other GET is a long poll (the first one only starts the connection), POST carries client
// messages, DELETE ends a long-polling connection. Every request is authenticated, and CORS lets
// browsers make them with credentials.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody, sendEmpty, sendError } from '../../http/respond.js';
import type { ClientIdentity } from '../client-auth.js';
import { corsHeaders, preflightHeaders } from '../client-auth.js';
import { MAX_MESSAGE_BYTES, type SrConnection } from '../connection.js';
import { LongPollingTransport, type LongPollingTimeouts } from './long-polling.js';
import { ServerSentEventsTransport } from './server-sent-events.js';
import type { ClientTransport } from './transport.js';

const METHODS = 'GET, POST, DELETE, OPTIONS';

export interface HttpTransportContext {
  readonly authorize: (req: IncomingMessage, url: URL) => Promise<ClientIdentity>;
  readonly longPolling: LongPollingTimeouts;
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
  const streams = (req: IncomingMessage) =>
    (req.headers.accept ?? '').toLowerCase().includes('text/event-stream');

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, cors: Cors) => {
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return sendEmpty(res, 204, preflightHeaders(req, METHODS));
    if (!['GET', 'POST', 'DELETE'].includes(method)) {
      res.setHeader('allow', METHODS);
      throw new HttpError(405, 'MethodNotAllowed', `Use ${METHODS} on ${url.pathname}.`);
    }
    const identity = await ctx.authorize(req, url);
    const token = url.searchParams.get('id');
    if (!token) {
      throw new HttpError(400, 'InvalidParameter', "The query parameter 'id' is required.", 'id');
    }
    const existing = ctx.connection(token, identity.hub);
    if (method === 'GET' && streams(req)) return openStream(token, identity, existing);
    if (method === 'GET') return poll(token, identity, existing);
    if (!existing) throw notFound();
    if (method === 'POST') return post(existing);
    if (!(existing.transport instanceof LongPollingTransport)) {
      throw new HttpError(
        400,
        'InvalidRequest',
        'Only long-polling connections are ended with DELETE.',
      );
    }
    existing.transport.terminate();
    sendEmpty(res, 202, cors);

    function openStream(token: string, identity: ClientIdentity, existing?: SrConnection) {
      if (existing) throw transportInUse(existing, 'ServerSentEvents');
      const opened = ctx.open(token, identity, url, () => new ServerSentEventsTransport(res, cors));
      if (!opened) throw notFound();
    }

    function poll(token: string, identity: ClientIdentity, existing?: SrConnection) {
      if (existing) {
        if (!(existing.transport instanceof LongPollingTransport)) {
          throw transportInUse(existing, 'LongPolling');
        }
        return existing.transport.poll(res, cors);
      }
      const opened = ctx.open(
        token,
        identity,
        url,
        () => new LongPollingTransport(ctx.longPolling),
      );
      if (!opened) throw notFound();
      // The first poll only starts the connection: it is answered at once, without data.
      res.writeHead(200, { ...cors, 'content-type': 'text/plain', 'content-length': 0 });
      res.end();
    }

    async function post(conn: SrConnection) {
      const transport = conn.transport;
      if (!transport.receive) {
        throw new HttpError(
          405,
          'MethodNotAllowed',
          'POST requests are not allowed for WebSocket connections.',
        );
      }
      // The whole body is one chunk of the client's stream of messages; a message over 1 MB
      // cannot fit in it, so a larger body is refused before it is read.
      const body = await readBody(req, MAX_MESSAGE_BYTES);
      transport.receive(body);
      res.writeHead(200, { ...cors, 'content-type': 'text/plain', 'content-length': 0 });
      res.end();
    }
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const cors = corsHeaders(req);
    try {
      await handle(req, res, url, cors);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      if (!res.headersSent) sendError(req, res, error, cors);
    }
  };
}

type Cors = Record<string, string>;

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
