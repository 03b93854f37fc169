// The SignalR client side: negotiate, then one connection per negotiated token on any of the three
// transports (the WebSocket at `/client/?hub=…&id=…`, or server-sent events / long polling over
// plain HTTP at the same URL). Connections join their hub once the handshake is done, get a ping at
// least every 15 s, and route client invocations through the upstream seam.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { HttpError } from '../http/respond.js';
import { upgradeRefuser } from '../http/service-server.js';
import { idsOf } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import { defined } from '../shared/defined.js';
import type { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { terminateSocket } from '../shared/outbound-bound.js';
import { authorizeClient, type ClientIdentity, userOf } from './client-auth.js';
import { type ConnectionEvents, MAX_MESSAGE_BYTES, SrConnection } from './connection.js';
import type { SrHub } from './hub.js';
import { createNegotiations, negotiateHandler, newConnectionId } from './negotiate.js';
import {
  DEFAULT_HTTP_TRANSPORT_SETTINGS,
  type HttpTransportSettings,
  httpTransportEndpoint,
} from './transports/http-endpoint.js';
import type { ClientTransport } from './transports/transport.js';
import { WebSocketTransport } from './transports/websocket.js';
import { noUpstream, type SignalRUpstream } from './upstream.js';

export interface SignalRClientOptions {
  readonly hubs: HubRegistry<SrHub>;
  readonly verifier: TokenVerifier;
  readonly log: Logger;
  readonly keepAliveIntervalMs: number;
  /** Default: no upstream, as a service without upstream settings. */
  readonly upstream?: SignalRUpstream;
  /** Long-polling timeouts and outbound bounds. Default: ASP.NET Core's timeouts, 1,000 / 16 MiB. */
  readonly httpTransports?: HttpTransportSettings;
  /** The inspector's hook. */
  readonly probe: Probe;
}

const CLIENT_PATH = /^\/client\/?$/;

export function signalRClientEndpoint(options: SignalRClientOptions) {
  const { hubs, log, probe } = options;
  const upstream = options.upstream ?? noUpstream;
  const refuse = upgradeRefuser(
    log,
    'signalr',
    probe,
    (url) => url.searchParams.get('hub') ?? undefined,
  );
  const negotiations = createNegotiations();
  /** Connections whose transport started, by connection token (later requests name the token). */
  const byToken = new Map<string, SrConnection>();
  const tokens = new WeakMap<SrConnection, string>();
  /** Connections past the handshake. */
  const live = new Set<SrConnection>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  const pinger = setInterval(() => {
    for (const conn of live) conn.ping();
  }, options.keepAliveIntervalMs);
  pinger.unref();

  const authorize = (req: IncomingMessage, url: URL) => authorizeClient(options.verifier, req, url);

  const events: ConnectionEvents = {
    opened: (conn) => {
      hubs.get(conn.hub).add(conn);
      live.add(conn);
      const who = conn.userId === undefined ? 'anonymous' : `user=${conn.userId}`;
      log(
        `[signalr] connected hub=${conn.hub} connection=${conn.id} ${who} ` +
          `transport=${conn.transport.kind} protocol=${conn.protocol.name}`,
      );
      const { kind: transport } = conn.transport;
      const protocol = conn.protocol.name;
      probe.record({ kind: 'connected', service: 'signalr', ...idsOf(conn), transport, protocol });
      upstream.connected(conn);
    },
    invocation: (conn, message, bytes) => upstream.invocation(conn, { message, bytes }),
    left: (conn, error, code) => {
      live.delete(conn);
      hubs.get(conn.hub).remove(conn);
      log(`[signalr] disconnected hub=${conn.hub} connection=${conn.id}`);
      const reason = error ?? 'The client left.';
      const ids = idsOf(conn);
      probe.record({
        kind: 'disconnected',
        service: 'signalr',
        ...ids,
        reason,
        ...defined({ code }),
      });
      upstream.disconnected(conn, error);
    },
    finished: (conn) => {
      const token = tokens.get(conn);
      if (token !== undefined && byToken.get(token) === conn) byToken.delete(token);
    },
    upstreamFailed: (conn, error) => {
      log(`[signalr] upstream failed for connection=${conn.id}: ${String(error)}`);
    },
  };

  const start = (
    identity: ClientIdentity,
    url: URL,
    connectionId: string,
    token: string | null,
    transport: ClientTransport,
  ) => {
    const conn = new SrConnection(
      {
        id: connectionId,
        hub: identity.hub,
        userId: userOf(identity.claims),
        claims: identity.claims,
        query: clientQuery(url),
        transport,
        probe,
      },
      events,
    );
    if (token !== null) {
      byToken.set(token, conn);
      tokens.set(conn, token);
    }
    return conn;
  };

  /** Takes a negotiation for `hub`; a token used with another hub is spent all the same. */
  const takeNegotiation = (token: string, hub: string) => {
    const entry = negotiations.take(token);
    return entry && entry.hub.toLowerCase() === hub.toLowerCase() ? entry : undefined;
  };

  const connectWebSocket = async (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    if (!CLIENT_PATH.test(url.pathname)) {
      return refuse(socket, url, 404, 'Connect to /client/?hub={hub}.');
    }
    let identity: ClientIdentity;
    try {
      identity = await authorize(req, url);
    } catch (error) {
      if (error instanceof HttpError) return refuse(socket, url, error.status, error.message);
      throw error;
    }
    const token = url.searchParams.get('id');
    let connectionId = newConnectionId(); // WebSockets may connect without negotiating
    if (token !== null) {
      if (byToken.has(token)) {
        return refuse(socket, url, 409, 'The connection already has an active transport.');
      }
      const entry = takeNegotiation(token, identity.hub);
      if (!entry) return refuse(socket, url, 404, 'No negotiated connection has this id.');
      connectionId = entry.connectionId;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      start(identity, url, connectionId, token, new WebSocketTransport(ws));
    });
  };

  const negotiate = negotiateHandler(authorize, negotiations);
  const http = httpTransportEndpoint({
    authorize,
    settings: options.httpTransports ?? DEFAULT_HTTP_TRANSPORT_SETTINGS,
    connection: (token, hub) => {
      const conn = byToken.get(token);
      return conn && conn.hub.toLowerCase() === hub.toLowerCase() ? conn : undefined;
    },
    open: (token, identity, url, create) => {
      const entry = takeNegotiation(token, identity.hub);
      return entry && start(identity, url, entry.connectionId, token, create());
    },
  });

  return {
    /** Whether `url` is served here over plain HTTP (negotiate or a half-transport). */
    handles: (url: URL) =>
      url.pathname === '/client/negotiate' ||
      url.pathname === '/client/negotiate/' ||
      CLIENT_PATH.test(url.pathname),
    request: (req: IncomingMessage, res: ServerResponse, url: URL) =>
      CLIENT_PATH.test(url.pathname) ? http(req, res, url) : negotiate(req, res, url),
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
      connectWebSocket(req, socket, head, url).catch(() =>
        refuse(socket, url, 500, 'Internal error.'),
      );
    },
    closeAll: () => {
      clearInterval(pinger);
      for (const conn of [...byToken.values(), ...live]) {
        conn.close('The emulator is shutting down.', 1001);
      }
      // The close messages just written leave before the sockets go.
      for (const ws of wss.clients) terminateSocket(ws);
      wss.close();
    },
  };
}

/** The client's query without its secrets (the access token and the connection token). */
function clientQuery(url: URL): URLSearchParams {
  const query = new URLSearchParams(url.search);
  query.delete('access_token');
  query.delete('id');
  return query;
}
