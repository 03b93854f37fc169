// The Web PubSub REST operations, one handler per operationId of specs/webpubsub.yaml. Parameters
// arrive validated (by the generated route table); handlers only apply the semantics.
import { HttpError } from '../http/respond.js';
import type { RestHandlers, RestRequest } from '../http/rest-dispatcher.js';
import { messageOut } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import type { WpsConnection } from './connection.js';
import { changeGroups } from './group-operations.js';
import { groupLimitMessage, MAX_GROUPS_PER_CONNECTION, type WpsHub } from './hub.js';
import { type FilterPredicate, FilterSyntaxError, parseFilter } from './odata-filter.js';
import { OutboundMessage } from './outbound-message.js';
import type { Permission } from './permissions.js';
import { MetadataError, metadataFromHeaders } from './protocols/metadata.js';
import type { DataType, Envelope, Metadata } from './protocols/types.js';

export interface WpsRestContext {
  readonly hub: (name: string) => WpsHub;
  readonly signClientToken: (claims: Record<string, unknown>, minutes: number) => Promise<string>;
  /** The inspector's hook: one timeline event per send, however many connections it reaches. */
  readonly probe: Probe;
}

const DEFAULT_PAGE_SIZE = 100;

const str = (r: RestRequest, name: string) => r.params[name] as string;
const optStr = (r: RestRequest, name: string) => r.params[name] as string | undefined;
const strings = (r: RestRequest, name: string) => (r.params[name] as string[] | undefined) ?? [];
const hubOf = (ctx: WpsRestContext, r: RestRequest) => ctx.hub(str(r, 'hub'));

export function webPubSubHandlers(ctx: WpsRestContext): RestHandlers {
  const send = (r: RestRequest, candidates: Iterable<WpsConnection>, envelope: Envelope) => {
    const message = restMessage(r, envelope);
    let recipients = 0;
    for (const conn of select(candidates, r)) {
      conn.deliver(message);
      recipients++;
    }
    if (ctx.probe.watching) {
      const to = { service: 'webpubsub', hub: str(r, 'hub'), recipients } as const;
      const ids = { connectionId: optStr(r, 'connectionId'), userId: optStr(r, 'userId') };
      ctx.probe.record(
        messageOut(ctx.probe, { ...to, ...ids, group: optStr(r, 'group') }, message),
      );
    }
  };
  const server: Envelope = { from: 'server' };
  // A closed connection leaves its hub at once, for existence checks and sends.
  const close = (r: RestRequest, candidates: Iterable<WpsConnection>) => {
    for (const conn of [...select(candidates, r)]) conn.close(optStr(r, 'reason'));
  };
  const connection = (r: RestRequest) => hubOf(ctx, r).connections.get(str(r, 'connectionId'));

  return {
    WebPubSub_SendToAll: (r) => send(r, hubOf(ctx, r).connections.values(), server),
    WebPubSub_SendToConnection: (r) => send(r, optional(connection(r)), server),
    // Group sends reach subprotocol clients as group messages, as from a client's sendToGroup.
    WebPubSub_SendToGroup: (r) =>
      send(r, hubOf(ctx, r).groupMembers(str(r, 'group')), {
        from: 'group',
        group: str(r, 'group'),
      }),
    WebPubSub_SendToUser: (r) => send(r, hubOf(ctx, r).userConnections(str(r, 'userId')), server),
    WebPubSub_CloseConnection: (r) => close(r, optional(connection(r))),
    WebPubSub_ConnectionExists: (r) => ({ exists: connection(r) !== undefined }),
    WebPubSub_CloseAllConnections: (r) => close(r, hubOf(ctx, r).connections.values()),
    WebPubSub_CloseGroupConnections: (r) => close(r, hubOf(ctx, r).groupMembers(str(r, 'group'))),
    WebPubSub_CloseUserConnections: (r) =>
      close(r, hubOf(ctx, r).userConnections(str(r, 'userId'))),
    WebPubSub_GroupExists: (r) => ({
      exists: hubOf(ctx, r).groupMembers(str(r, 'group')).size > 0,
    }),
    WebPubSub_UserExists: (r) => ({
      exists: hubOf(ctx, r).userConnections(str(r, 'userId')).size > 0,
    }),
    WebPubSub_AddConnectionToGroup: (r) => {
      const conn = existing(connection(r), r);
      if (!hubOf(ctx, r).tryJoin(conn, str(r, 'group'))) throw groupLimit(conn);
    },
    WebPubSub_RemoveConnectionFromGroup: (r) => {
      const conn = connection(r);
      if (conn) hubOf(ctx, r).leave(conn, str(r, 'group'));
    },
    WebPubSub_AddUserToGroup: (r) => {
      const hub = hubOf(ctx, r);
      const group = str(r, 'group');
      const conns = [...hub.userConnections(str(r, 'userId'))];
      const full = conns.find((c) => !c.groups.has(group) && !canJoinOneMore(c));
      if (full) throw groupLimit(full);
      for (const conn of conns) hub.tryJoin(conn, group);
    },
    WebPubSub_RemoveUserFromGroup: (r) => {
      const hub = hubOf(ctx, r);
      for (const conn of [...hub.userConnections(str(r, 'userId'))])
        hub.leave(conn, str(r, 'group'));
    },
    WebPubSub_RemoveConnectionFromAllGroups: (r) => {
      const conn = connection(r);
      if (conn) hubOf(ctx, r).leaveAllGroups(conn);
    },
    WebPubSub_RemoveUserFromAllGroups: (r) => {
      const hub = hubOf(ctx, r);
      for (const conn of [...hub.userConnections(str(r, 'userId'))]) hub.leaveAllGroups(conn);
    },
    WebPubSub_GrantPermission: (r) => {
      existing(connection(r), r).roles.grant(permissionOf(r), optStr(r, 'targetName'));
    },
    WebPubSub_RevokePermission: (r) => {
      connection(r)?.roles.revoke(permissionOf(r), optStr(r, 'targetName'));
    },
    WebPubSub_CheckPermission: (r) => ({
      exists: connection(r)?.roles.has(permissionOf(r), optStr(r, 'targetName')) ?? false,
    }),
    WebPubSub_GenerateClientToken: async (r) => ({ json: { token: await clientToken(ctx, r) } }),
    HealthApi_GetServiceStatus: () => undefined,
    WebPubSub_AddConnectionsToGroups: (r) =>
      changeGroups(hubOf(ctx, r), r.body?.json, 'join', filterOf),
    WebPubSub_RemoveConnectionsFromGroups: (r) =>
      changeGroups(hubOf(ctx, r), r.body?.json, 'leave', filterOf),
    WebPubSub_ListConnectionsInGroup: (r) => ({ json: listPage(hubOf(ctx, r), r) }),
  };
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function existing(conn: WpsConnection | undefined, r: RestRequest): WpsConnection {
  if (!conn) {
    const id = str(r, 'connectionId');
    throw new HttpError(404, 'NotFound', `The connection '${id}' does not exist.`, 'connectionId');
  }
  return conn;
}

const permissionOf = (r: RestRequest) => str(r, 'permission') as Permission;

/** Candidates minus `excluded` and minus those the `filter` rejects. */
function select(candidates: Iterable<WpsConnection>, r: RestRequest): Iterable<WpsConnection> {
  const excluded = new Set(strings(r, 'excluded'));
  const filter = filterOf(optStr(r, 'filter'));
  // The common broadcast excludes no one: the candidates as they are, without a check per connection.
  if (excluded.size === 0 && !filter) return candidates;
  return selected(candidates, excluded, filter);
}

function* selected(
  candidates: Iterable<WpsConnection>,
  excluded: ReadonlySet<string>,
  filter: FilterPredicate | undefined,
): Generator<WpsConnection> {
  for (const conn of candidates) {
    if (excluded.has(conn.id)) continue;
    if (filter && !filter(conn)) continue;
    yield conn;
  }
}

export function filterOf(text: string | undefined): FilterPredicate | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError)
      throw new HttpError(400, 'InvalidFilter', error.message, 'filter');
    throw error;
  }
}

const dataTypes: Record<string, DataType> = {
  'application/json': 'json',
  'text/plain': 'text',
  'application/octet-stream': 'binary',
};

function restMessage(r: RestRequest, envelope: Envelope): OutboundMessage {
  const metadata = metadataOf(r);
  const { body } = r;
  if (!body) return new OutboundMessage('text', Buffer.alloc(0), envelope, metadata);
  const dataType = dataTypes[body.contentType] ?? 'binary';
  // Text is re-encoded once so every text frame is valid UTF-8; JSON was validated by the dispatcher.
  const payload = dataType === 'text' ? Buffer.from(body.bytes.toString('utf8')) : body.bytes;
  return new OutboundMessage(dataType, payload, envelope, metadata);
}

/** `X-WebPubSub-Metadata-<key>` headers, passed on as message metadata (as Microsoft's emulator does). */
function metadataOf(r: RestRequest): Metadata | undefined {
  try {
    return metadataFromHeaders(r.headers);
  } catch (error) {
    if (error instanceof MetadataError) {
      throw new HttpError(400, 'InvalidRequest', error.message, 'X-WebPubSub-Metadata');
    }
    throw error;
  }
}

const canJoinOneMore = (conn: WpsConnection) => conn.groups.size < MAX_GROUPS_PER_CONNECTION;

function groupLimit(conn: WpsConnection): HttpError {
  return new HttpError(400, 'InvalidRequest', groupLimitMessage(conn.id), 'group');
}

async function clientToken(ctx: WpsRestContext, r: RestRequest): Promise<string> {
  const hub = str(r, 'hub');
  const path = r.params.clientType === 'MQTT' ? '/clients/mqtt/hubs/' : '/client/hubs/';
  const claims: Record<string, unknown> = { aud: `${r.url.protocol}//${r.url.host}${path}${hub}` };
  const userId = optStr(r, 'userId');
  if (userId !== undefined) claims.sub = userId;
  if (strings(r, 'role').length > 0) claims.role = strings(r, 'role');
  if (strings(r, 'group').length > 0) claims['webpubsub.group'] = strings(r, 'group');
  return ctx.signClientToken(claims, r.params.minutesToExpire as number);
}

function listPage(hub: WpsHub, r: RestRequest) {
  const pageSize = (r.params.maxpagesize as number | undefined) ?? DEFAULT_PAGE_SIZE;
  const top = r.params.top as number | undefined;
  const after = decodeToken(optStr(r, 'continuationToken'));
  // Ordered by id so a continuation token (the last id returned) stays valid while members change.
  const members = [...hub.groupMembers(str(r, 'group'))]
    .filter((conn) => after === undefined || conn.id > after)
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const page = members.slice(0, Math.min(pageSize, top ?? Number.POSITIVE_INFINITY));
  const value = page.map((conn) =>
    conn.userId === undefined
      ? { connectionId: conn.id }
      : { connectionId: conn.id, userId: conn.userId },
  );
  const remaining = top === undefined ? undefined : top - page.length;
  const last = page.at(-1);
  if (!last || members.length <= page.length || remaining === 0) return { value };
  // An absolute link without api-version, as the service returns it.
  const next = new URL(r.url.pathname, r.url.origin);
  if (r.params.maxpagesize !== undefined) next.searchParams.set('maxpagesize', String(pageSize));
  if (remaining !== undefined) next.searchParams.set('top', String(remaining));
  next.searchParams.set('continuationToken', Buffer.from(last.id).toString('base64url'));
  return { value, nextLink: next.href };
}

function decodeToken(token: string | undefined): string | undefined {
  if (token === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new HttpError(
      400,
      'InvalidParameter',
      'The continuationToken is not valid.',
      'continuationToken',
    );
  }
  return Buffer.from(token, 'base64url').toString('utf8');
}
