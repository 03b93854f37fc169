// The current SignalR REST API (specs/signalr.yaml: /api/hubs/{hub}/...?api-version=...), one handler
// per operationId. The operations v1 also has are v1's handlers with the hub named
// `{application}_{hub}` when the `application` parameter is given; the rest are here.
import { HttpError } from '../http/respond.js';
import type { RestHandlers, RestRequest, RestResult } from '../http/rest-dispatcher.js';
import { signalRInvocationOut } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import { filterOf } from '../webpubsub/rest-handlers.js';
import { InvocationAbandoned, type InvocationOutcome } from './client-invocations.js';
import type { SrConnection } from './connection.js';
import type { SrHub } from './hub.js';
import { OutboundMessage } from './outbound-message.js';
import {
  closeConnection,
  hubAccess,
  invocationMessage,
  payloadOf,
  type SrRestContext,
  sharedHandlers,
  str,
} from './rest-handlers.js';

export interface SrCurrentRestContext extends SrRestContext {
  /** How long `:invoke` waits for the client's result. */
  readonly invocationTimeoutMs: number;
}

/** The hub the service addresses: `{application}_{hub}` with an application, else the hub. */
export function applicationHub(hub: string, application: string | undefined): string {
  return application === undefined ? hub : `${application}_${hub}`;
}

const hubNameOfRequest = (r: RestRequest) =>
  applicationHub(str(r, 'hub'), r.params.application as string | undefined);

export function signalRCurrentHandlers(ctx: SrCurrentRestContext): RestHandlers {
  const { hubOf, connection, existing, excludedOf } = hubAccess(ctx, hubNameOfRequest);
  const closeAll = (r: RestRequest, targets: Iterable<SrConnection>) => {
    const excluded = excludedOf(r);
    const hub = hubOf(r);
    for (const conn of [...targets]) {
      if (!excluded.has(conn.id)) closeConnection(hub, conn, r.params.reason as string | undefined);
    }
  };

  return {
    ...sharedHandlers(ctx, hubNameOfRequest),
    SignalR_CloseConnections: (r) => closeAll(r, hubOf(r).connections.values()),
    SignalR_CloseUserConnections: (r) => closeAll(r, hubOf(r).userConnections(str(r, 'user'))),
    SignalR_CloseGroupConnections: (r) => closeAll(r, hubOf(r).groupMembers(str(r, 'group'))),
    SignalR_RemoveConnectionFromAllGroups: (r) => {
      const conn = connection(r);
      if (conn) hubOf(r).leaveAllGroups(conn);
    },
    SignalR_ListConnectionsInGroup: (r) => ({ json: groupPage(hubOf(r), r) }),
    SignalR_InvokeClientConnection: async (r) => {
      const { target, args } = payloadOf(r);
      const conn = existing(r);
      return answerOf(
        await outcomeOf(conn.invocations.invoke(target, args, ctx.invocationTimeoutMs)),
      );
    },
    SignalR_SendToConnectionStream: (r) => {
      const conn = existing(r);
      const streamId = str(r, 'streamId');
      const item = r.body?.json ?? null;
      conn.send(new OutboundMessage((p) => p.encodeStreamItem(streamId, item)));
      if (r.params.completed === true) conn.send(streamCompletion(streamId, undefined));
    },
    SignalR_CompleteConnectionStream: (r) => {
      // The spec names the error `reason`; Microsoft's Management SDK sends it as `error`.
      const error = (r.params.reason as string | undefined) ?? r.url.searchParams.get('error');
      existing(r).send(streamCompletion(str(r, 'streamId'), error ?? undefined));
    },
    SignalR_Execute: (r) => execute(hubOf(r), r, ctx.probe),
    SignalR_GenerateClientToken: async (r) => {
      // The token a client connects with to this emulator's /client/?hub={hub}.
      const aud = `${r.url.origin}/client/?hub=${encodeURIComponent(str(r, 'hub'))}`;
      const userId = r.params.userId as string | undefined;
      const claims = userId === undefined ? { aud } : { aud, nameid: userId };
      const token = await ctx.verifier.sign(claims, (r.params.minutesToExpire as number) * 60);
      return { json: { token } };
    },
  };
}

/** Ends a client's stream, with an error if given. */
function streamCompletion(streamId: string, error: string | undefined): OutboundMessage {
  return new OutboundMessage((p) =>
    p.encodeCompletion(streamId, error === undefined ? {} : { error }),
  );
}

/** Waits for the client's result; a connection that closes or stays silent is an error answer. */
async function outcomeOf(pending: Promise<InvocationOutcome>): Promise<InvocationOutcome> {
  try {
    return await pending;
  } catch (error) {
    if (!(error instanceof InvocationAbandoned)) throw error;
    if (error.kind === 'timeout')
      throw new HttpError(504, 'ClientInvocationTimeout', error.message);
    if (error.kind === 'busy') throw new HttpError(429, 'TooManyInvocations', error.message);
    throw new HttpError(404, 'ConnectionNotFound', error.message, 'connectionId');
  }
}

/** The client's result as ClientInvocationResponse, or its error as an error answer. */
function answerOf(outcome: InvocationOutcome): RestResult {
  if ('error' in outcome) {
    const message = `The client returned an error: ${String(outcome.error)}`;
    throw new HttpError(400, 'ClientInvocationFailed', message);
  }
  return { json: 'result' in outcome ? { result: outcome.result } : {} };
}

/**
 * One page of a group's connections, ordered by connection id: the continuation token is the last id
 * of the page, and `nextLink` carries it with the remaining `top`.
 */
function groupPage(hub: SrHub, r: RestRequest) {
  const pageSize = r.params.maxpagesize as number;
  const top = r.params.top as number | undefined;
  const after = r.params.continuationToken as string | undefined;
  const members = hub
    .sortedGroupMembers(str(r, 'group'))
    .filter((conn) => after === undefined || conn.id > after);
  const page = members.slice(0, Math.min(pageSize, top ?? pageSize));
  const value = page.map((c) =>
    c.userId === undefined ? { connectionId: c.id } : { connectionId: c.id, userId: c.userId },
  );
  const left = top === undefined ? undefined : top - page.length;
  const last = page.at(-1);
  if (!last || members.length === page.length || left === 0) return { value };
  const next = new URL(`${r.url.origin}${r.url.pathname}`);
  const application = r.params.application as string | undefined;
  if (application !== undefined) next.searchParams.set('application', application);
  next.searchParams.set('maxpagesize', String(pageSize));
  if (left !== undefined) next.searchParams.set('top', String(left));
  next.searchParams.set('continuationToken', last.id);
  next.searchParams.set('api-version', r.url.searchParams.get('api-version') ?? '2024-12-01');
  return { value, nextLink: next.href };
}

interface Command {
  readonly type: 'SendMessage' | 'JoinGroup' | 'LeaveGroup' | 'CloseConnection';
  readonly message?: { readonly target: string; readonly arguments?: unknown[] };
  readonly group?: string;
  readonly reason?: string;
}

/** Applies the commands in order to the connections the filter selects (chosen once, up front). */
function execute(hub: SrHub, r: RestRequest, probe: Probe): void {
  const filter = filterOf(r.params.filter as string | undefined);
  const selected = [...hub.connections.values()].filter(
    (conn) =>
      !filter || filter({ id: conn.id, userId: conn.userId, groups: hub.effectiveGroups(conn) }),
  );
  // The body was checked against the SignalRCommand schema by the dispatcher.
  for (const command of (r.body?.json ?? []) as Command[]) {
    if (command.type === 'SendMessage') {
      const message = command.message as NonNullable<Command['message']>;
      const args = message.arguments ?? [];
      const invocation = invocationMessage(message.target, args);
      for (const conn of selected) conn.send(invocation);
      if (probe.watching) {
        const to = { hub: hubNameOfRequest(r), recipients: selected.length };
        probe.record(signalRInvocationOut(probe, to, message.target, args));
      }
    } else if (command.type === 'CloseConnection') {
      for (const conn of selected) closeConnection(hub, conn, command.reason);
    } else {
      const group = command.group as string;
      for (const conn of selected) {
        if (command.type === 'JoinGroup') hub.join(conn, group);
        else hub.leave(conn, group);
      }
    }
  }
}
