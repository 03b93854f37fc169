// The SignalR v1 REST operations, one handler per operationId of specs/signalr-v1.yaml.
import type { TokenVerifier } from '../auth/token-verifier.js';
import { HttpError } from '../http/respond.js';
import type { RestHandlers, RestRequest } from '../http/rest-dispatcher.js';
import type { SrConnection } from './connection.js';
import type { SrHub } from './hub.js';
import { OutboundMessage } from './outbound-message.js';

export interface SrRestContext {
  readonly hub: (name: string) => SrHub;
  readonly verifier: TokenVerifier;
}

const str = (r: RestRequest, name: string) => r.params[name] as string;

export function signalRHandlers(ctx: SrRestContext): RestHandlers {
  const hubOf = (r: RestRequest) => ctx.hub(str(r, 'hub'));
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
  const send = (r: RestRequest, targets: Iterable<SrConnection>) => {
    const message = invocationOf(r);
    const excluded = new Set((r.params.excluded as string[] | undefined) ?? []);
    for (const conn of targets) if (!excluded.has(conn.id)) conn.send(message);
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
      if (!conn) return;
      conn.close(r.params.reason as string | undefined);
      hubOf(r).remove(conn); // gone at once, not only when the close handshake ends
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

/**
 * Reads `Target`/`Arguments` in either casing. The invocation is serialized once per hub protocol
 * (JSON, MessagePack) among its targets, not once per connection.
 */
function invocationOf(r: RestRequest): OutboundMessage {
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
  return new OutboundMessage((protocol) => protocol.encodeInvocation(target, args));
}
