// The Web PubSub client endpoint `/client/hubs/{hub}`: verifies the access token (from `access_token`
// or `Authorization`), asks the events seam whether the client may connect (before the upgrade, so a
// refusal is the handshake's HTTP status), picks the subprotocol and turns the socket into a hub
// connection whose user, roles and initial groups come from the token's `sub`, `role` and
// `webpubsub.group` claims (or the connect outcome). Reliable clients recover a dropped connection with
// `awps_connection_id` + `awps_reconnection_token` (recovery.ts).
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { JWTPayload } from 'jose';
import { type WebSocket, WebSocketServer } from 'ws';
import { webPubSubClientAudience } from '../auth/audiences.js';
import { AuthError, type TokenVerifier, tokenOf } from '../auth/token-verifier.js';
import { parameterSchema, webPubSubRouteTable } from '../http/route-table.js';
import { upgradeRefuser } from '../http/service-server.js';
import { checkValue } from '../http/validate.js';
import { idsOf } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import type { HubRegistry } from '../shared/hub-index.js';
import type { Logger } from '../shared/logger.js';
import { attachSocketListeners, recordConnected } from './client-socket.js';
import { type ConnectionLifecycle, WpsConnection } from './connection.js';
import type { ConnectAccepted, EventConnection, WebPubSubEvents } from './events.js';
import type { WpsHub } from './hub.js';
import { codecOf, firstSupported, supportedSubprotocols } from './protocols/index.js';
import { recoverConnection } from './recovery.js';
import { ReconnectionTokens } from './reliable-session.js';

const hubSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_SendToAll', 'hub');
const groupSchema = parameterSchema(webPubSubRouteTable, 'WebPubSub_AddConnectionToGroup', 'group');
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface ClientEndpointOptions {
  readonly hubs: HubRegistry<WpsHub>;
  readonly verifier: TokenVerifier;
  readonly events: WebPubSubEvents;
  readonly log: Logger;
  /** The inspector's hook. */
  readonly probe: Probe;
}

/** What the endpoint shares with recovery.ts and the socket listeners. */
export interface EndpointState extends ClientEndpointOptions {
  readonly wss: WebSocketServer;
  readonly tokens: ReconnectionTokens;
  readonly lifecycle: ConnectionLifecycle;
  /** The subprotocol each pending upgrade answers with (ws asks for it during handleUpgrade). */
  readonly chosen: WeakMap<IncomingMessage, string | false>;
}

export function webPubSubClientEndpoint(options: ClientEndpointOptions) {
  const refuse = upgradeRefuser(options.log, 'webpubsub', options.probe, (url) =>
    hubFromPath(url.pathname),
  );
  const chosen = new WeakMap<IncomingMessage, string | false>();
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (_offered, req) => chosen.get(req) ?? false,
  });
  const lifecycle: ConnectionLifecycle = {
    ended: (conn, reason, code) => {
      const hub = options.hubs.find(conn.hub);
      hub?.remove(conn);
      // A hub without connections has no memberships either: its state is freed.
      options.hubs.release(conn.hub, (h) => h.isEmpty);
      options.events.disconnected(conn, reason);
      options.log(`[webpubsub] disconnected hub=${conn.hub} connection=${conn.id}: ${reason}`);
      options.probe.record({
        kind: 'disconnected',
        service: 'webpubsub',
        ...idsOf(conn),
        ...(code === undefined ? {} : { code }),
        reason,
      });
    },
  };
  const state: EndpointState = {
    ...options,
    wss,
    tokens: new ReconnectionTokens(),
    lifecycle,
    chosen,
  };

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    const hub = hubFromPath(url.pathname);
    if (hub === undefined) return refuse(socket, url, 404, 'Connect to /client/hubs/{hub}.');
    const hubProblem = checkValue(hub, hubSchema, 'hub');
    if (hubProblem) return refuse(socket, url, 400, hubProblem);
    const offered = offeredProtocols(req);
    if (url.searchParams.has('awps_connection_id')) {
      return recoverConnection(state, { req, socket, head, url, hub, offered });
    }
    const token = tokenOf(req.headers, url.searchParams);
    if (!token) {
      return refuse(
        socket,
        url,
        401,
        'An access token is required (access_token or Authorization).',
      );
    }
    let claims: JWTPayload;
    try {
      claims = await options.verifier.verify(token, webPubSubClientAudience(url));
    } catch (error) {
      if (error instanceof AuthError) return refuse(socket, url, 401, error.message);
      throw error;
    }
    const connectionId = randomBytes(12).toString('base64url');
    const outcome = await options.events.connect({
      hub,
      connectionId,
      claims,
      query: queryOf(url),
      headers: req.headers,
      subprotocols: offered,
      clientCertificates: [],
    });
    if (outcome.kind === 'refuse') return refuse(socket, url, outcome.status, outcome.reason);
    const subprotocol = outcome.subprotocol ?? firstSupported(offered);
    // From here the connect was accepted: the service sends `disconnected` however it ends.
    const view: EventConnection = {
      id: connectionId,
      hub,
      userId: userOf(claims, outcome),
      subprotocol,
      connectionState: outcome.connectionState,
    };
    const refuseAccepted = (status: number, reason: string) => {
      options.events.disconnected(view, reason);
      refuse(socket, url, status, reason);
    };
    if (subprotocol !== undefined && !offered.includes(subprotocol)) {
      return refuseAccepted(
        500,
        'The connect event handler chose a subprotocol the client did not offer.',
      );
    }
    if (offered.length > 0 && subprotocol === undefined) {
      const names = supportedSubprotocols.join(', ');
      return refuseAccepted(400, `Unsupported subprotocol; use one of ${names}.`);
    }
    const abandoned = () =>
      options.events.disconnected(view, 'The client left before the connection was established.');
    if (socket.destroyed) return abandoned();
    socket.once('close', abandoned);
    chosen.set(req, subprotocol ?? false);
    wss.handleUpgrade(req, socket, head, (ws) => {
      socket.off('close', abandoned);
      accept(state, ws, view, claims, outcome);
    });
  };

  return {
    upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
      upgrade(req, socket, head, url).catch(() => refuse(socket, url, 500, 'Internal error.'));
    },
    /** Closes every client socket (1001: the emulator is going away). */
    closeAll: () => {
      for (const ws of wss.clients) ws.close(1001, 'The emulator is shutting down.');
      for (const hub of [...options.hubs.all()]) {
        for (const conn of [...hub.connections.values()]) {
          if (!conn.socket) conn.close('The emulator is shutting down.', 1001);
        }
      }
      wss.close();
    },
  };
}

function accept(
  state: EndpointState,
  ws: WebSocket,
  view: EventConnection,
  claims: JWTPayload,
  outcome: ConnectAccepted,
): void {
  const { id, hub: hubName, userId, subprotocol } = view;
  const hub = state.hubs.get(hubName);
  const roles = outcome.roles ?? stringsClaim(claims.role);
  const codec = codecOf(subprotocol);
  const { lifecycle, probe } = state;
  const conn = new WpsConnection({
    id,
    hub: hubName,
    userId,
    subprotocol,
    codec,
    roles,
    lifecycle,
    probe,
  });
  conn.connectionState = outcome.connectionState;
  hub.add(conn);
  for (const group of [...stringsClaim(claims['webpubsub.group']), ...(outcome.groups ?? [])]) {
    if (!checkValue(group, groupSchema, 'group')) hub.tryJoin(conn, group);
  }
  attachSocketListeners(state, conn, ws);
  conn.attach(ws);
  const user = userId === undefined ? 'anonymous' : `user=${userId}`;
  state.log(
    `[webpubsub] connected hub=${hubName} connection=${id} ${user} protocol=${subprotocol ?? 'plain'}`,
  );
  recordConnected(probe, conn, false);
  conn.sendControl({
    type: 'connected',
    connectionId: id,
    userId,
    ...(codec.reliable ? { reconnectionToken: state.tokens.issue(id) } : {}),
  });
  state.events.connected(conn);
}

/** The connect outcome's user, else the token's `sub`. */
function userOf(claims: JWTPayload, outcome: ConnectAccepted): string | undefined {
  return outcome.userId ?? (typeof claims.sub === 'string' ? claims.sub : undefined);
}

function hubFromPath(pathname: string): string | undefined {
  const match = /^\/client\/hubs\/([^/]*)\/?$/.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
}

export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return [];
  return header
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/** The query as the `connect` event carries it, without the access token (a secret). */
function queryOf(url: URL): Record<string, string[]> {
  const query: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) {
    if (key === 'access_token') continue;
    query[key] ??= [];
    query[key].push(value);
  }
  return query;
}

function stringsClaim(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
