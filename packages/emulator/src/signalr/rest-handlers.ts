// The SignalR REST operations both API versions have, one handler per operationId (the current spec
// keeps v1's operationIds for them). v1 (specs/signalr-v1.yaml) is exactly these; the current API adds
// its own in rest-handlers-current.ts. Only how the hub is named differs between the two.
import type { TokenVerifier } from '../auth/token-verifier.js';
import { HttpError } from '../http/respond.js';
import type { RestHandlers, RestRequest } from '../http/rest-dispatcher.js';
import { signalRInvocationOut } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import type { SrConnection } from './connection.js';
import type { SrHub } from './hub.js';
import { OutboundMessage } from './outbound-message.js';

export interface SrRestContext {
  readonly hub: (name: string) => SrHub;
  readonly verifier: TokenVerifier;
  /** The inspector's hook: one timeline event per send, however many connections it reaches. */
  readonly probe: Probe;
}

export const str = (r: RestRequest, name: string) => r.params[name] as string;

/** The handlers' view of a request's hub and connection, for a way of naming the hub. */
export function hubAccess(ctx: SrRestContext, hubNameOf: (r: RestRequest) => string) {
  const hubOf = (r: RestRequest) => ctx.hub(hubNameOf(r));
  const connection = (r: RestRequest) => hubOf(r).connections.get(str(r, 'connectionId'));
  const existing = (r: RestRequest): SrConnection => {
    const conn = connection(r);
    if (!conn) {
      const id = str(r, 'connectionId');
      throw new HttpError(
        404,
        'NotFound',
        `The connection '${id}' does not exist.`,
        'connectionId',
      );
    }
    return conn;
  };
  const excludedOf = (r: RestRequest) => new Set((r.params.excluded as string[] | undefined) ?? []);
  return { hubOf, connection, existing, excludedOf };
}

/** v1: the hub is the path's, already `{application}_{hub}` when the app server uses a prefix. */
export function signalRHandlers(ctx: SrRestContext): RestHandlers {
  return sharedHandlers(ctx, (r) => str(r, 'hub'));
}

export function sharedHandlers(
  ctx: SrRestContext,
  hubNameOf: (r: RestRequest) => string,
): RestHandlers {
  const { hubOf, connection, existing, excludedOf } = hubAccess(ctx, hubNameOf);
  const send = (r: RestRequest, targets: Iterable<SrConnection>) => {
    const { target, args } = payloadOf(r);
    const message = invocationMessage(target, args);
    const excluded = excludedOf(r);
    let recipients = 0;
    for (const conn of targets) {
      if (excluded.has(conn.id)) continue;
      conn.send(message);
      recipients++;
    }
    if (ctx.probe.watching) {
      const { connectionId, user: userId, group } = r.params as Record<string, string | undefined>;
      const to = { hub: hubNameOf(r), recipients, connectionId, userId, group };
      ctx.probe.record(signalRInvocationOut(ctx.probe, to, target, args));
    }
  };

  return {
    SignalR_Broadcast: (r) => send(r, hubOf(r).connections.values()),
    SignalR_SendToUser: (r) => send(r, hubOf(r).userConnections(str(r, 'user'))),
    SignalR_SendToConnection: (r) => send(r, [existing(r)]),
    SignalR_SendToGroup: (r) => send(r, hubOf(r).groupMembers(str(r, 'group'))),
    SignalR_CheckUserExistence: (r) => ({
      exists: hubOf(r).userConnections(str(r, 'user')).size > 0,
    }),
    SignalR_CheckConnectionExistence: (r) => ({ exists: connection(r) !== undefined }),
    SignalR_CloseConnection: (r) => {
      const conn = connection(r);
      if (conn) closeConnection(hubOf(r), conn, r.params.reason as string | undefined);
    },
    SignalR_CheckGroupExistence: (r) => ({
      exists: hubOf(r).groupMembers(str(r, 'group')).size > 0,
    }),
    SignalR_AddConnectionToGroup: (r) => hubOf(r).join(existing(r), str(r, 'group')),
    SignalR_RemoveConnectionFromGroup: (r) => hubOf(r).leave(existing(r), str(r, 'group')),
    SignalR_CheckUserExistenceInGroup: (r) => ({
      exists: hubOf(r).isUserInGroup(str(r, 'user'), str(r, 'group')),
    }),
    SignalR_AddUserToGroup: (r) =>
      hubOf(r).addUserToGroup(str(r, 'user'), str(r, 'group'), r.params.ttl as number | undefined),
    SignalR_RemoveUserFromGroup: (r) =>
      hubOf(r).removeUserFromGroup(str(r, 'user'), str(r, 'group')),
    SignalR_RemoveUserFromAllGroups: (r) => hubOf(r).removeUserFromAllGroups(str(r, 'user')),
    SignalR_GetHealthStatus: () => undefined,
    SignalR_GetAccessKey: async () => ({ json: await ctx.verifier.issueKey() }),
  };
}

/** Sends the close message with the reason; the connection leaves the hub at once. */
export function closeConnection(hub: SrHub, conn: SrConnection, reason: string | undefined): void {
  conn.close(reason);
  hub.remove(conn); // gone at once, not only when the close handshake ends
}

/** `Target`/`Arguments` of the body (in either casing), checked. */
export function payloadOf(r: RestRequest): { target: string; args: unknown[] } {
  const body = (r.body?.json ?? {}) as Record<string, unknown>;
  const target = body.Target ?? body.target;
  const args = body.Arguments ?? body.arguments ?? [];
  if (typeof target !== 'string' || target === '') {
    throw new HttpError(
      400,
      'InvalidRequestBody',
      "The body needs a non-empty 'Target' string.",
      'Target',
    );
  }
  if (!Array.isArray(args)) {
    throw new HttpError(400, 'InvalidRequestBody', "'Arguments' must be an array.", 'Arguments');
  }
  return { target, args };
}

/** An invocation (without id) of `target`, encoded lazily per protocol. */
export function invocationMessage(target: string, args: readonly unknown[]): OutboundMessage {
  return new OutboundMessage((protocol) => protocol.encodeInvocation(target, args));
}
