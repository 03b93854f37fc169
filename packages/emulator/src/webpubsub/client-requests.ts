// What the service does with a client's frames. Subprotocol requests (decoded by the codecs): joinGroup,
// leaveGroup, sendToGroup (noEcho, metadata), event and invoke (through the events seam), ping and
// sequenceAck. A request with an ackId gets an ack; a repeated ackId gets `Duplicate`, which the
// official client treats as success. A plain client's frames are the user event `message`.
import { messageOut } from '../inspector/frames.js';
import type { Probe } from '../inspector/probe.js';
import type { WpsConnection } from './connection.js';
import type { EventPayload, UserEventOutcome, WebPubSubEvents } from './events.js';
import { groupLimitMessage, type WpsHub } from './hub.js';
import { OutboundMessage } from './outbound-message.js';
import type { Permission } from './permissions.js';
import type { AckErrorName, ClientRequest } from './protocols/index.js';

/** 1011: how Microsoft's emulator closes a plain client whose message no handler takes. */
export const CLOSE_NO_HANDLER = 1011;

type AckError = { name: AckErrorName; message: string };

export interface ClientRequestContext {
  readonly hub: WpsHub;
  readonly events: WebPubSubEvents;
  readonly probe: Probe;
}

/** A frame of a plain WebSocket client: the `message` event; text frames are text, others binary. */
export async function handlePlainFrame(
  ctx: ClientRequestContext,
  conn: WpsConnection,
  bytes: Buffer,
  isBinary: boolean,
): Promise<void> {
  const payload: EventPayload = { dataType: isBinary ? 'binary' : 'text', bytes };
  const outcome = await ctx.events.userEvent(conn, 'message', payload);
  const problem = reply(ctx, conn, 'message', outcome);
  if (problem) conn.close(problem, CLOSE_NO_HANDLER);
}

export async function handleRequest(
  ctx: ClientRequestContext,
  conn: WpsConnection,
  request: ClientRequest,
): Promise<void> {
  switch (request.type) {
    case 'ping':
      return conn.sendControl({ type: 'pong' });
    case 'sequenceAck':
      return conn.acknowledge(request.sequenceId);
    case 'cancelInvocation':
      return; // Invocations are answered as soon as the handler answers; nothing to cancel.
    case 'invoke': {
      const payload = request.payload ?? { dataType: 'text', bytes: Buffer.alloc(0) };
      const outcome = await ctx.events.userEvent(conn, request.event, payload);
      const { invocationId } = request;
      if (outcome.kind === 'success') {
        if (outcome.connectionState !== undefined) conn.connectionState = outcome.connectionState;
        const reply = outcome.reply ? { payload: outcome.reply } : {};
        return conn.sendControl({ type: 'invokeResponse', invocationId, ...reply });
      }
      const error = { name: 'InternalServerError', message: failure(conn, request.event, outcome) };
      return conn.sendControl({ type: 'invokeResponse', invocationId, error });
    }
  }
  const { ackId } = request;
  if (ackId !== undefined && conn.hasProcessed(ackId)) {
    const message = `Message with ack-id: ${ackId} has been processed.`;
    return conn.sendControl({ type: 'ack', ackId, error: { name: 'Duplicate', message } });
  }
  let error: AckError | undefined;
  if (request.type === 'event') {
    const outcome = await ctx.events.userEvent(conn, request.event, request.payload);
    const problem = reply(ctx, conn, request.event, outcome);
    if (problem) error = { name: 'InternalServerError', message: problem };
  } else {
    error = perform(ctx, conn, request);
  }
  if (ackId === undefined) return;
  // Only processed requests count: a retry of a rejected one is answered afresh, not as Duplicate.
  if (!error) conn.markProcessed(ackId);
  conn.sendControl(error ? { type: 'ack', ackId, error } : { type: 'ack', ackId });
}

/** Sends a handler's reply back; returns why the event failed, if it did. */
function reply(
  ctx: ClientRequestContext,
  conn: WpsConnection,
  event: string,
  outcome: UserEventOutcome,
): string | undefined {
  if (outcome.kind !== 'success') return failure(conn, event, outcome);
  if (outcome.connectionState !== undefined) conn.connectionState = outcome.connectionState;
  const { reply: body } = outcome;
  if (body) {
    const message = new OutboundMessage(
      body.dataType,
      body.bytes,
      { from: 'server' },
      body.metadata,
    );
    conn.deliver(message);
    if (ctx.probe.watching) {
      const to = {
        service: 'webpubsub',
        hub: conn.hub,
        recipients: 1,
        connectionId: conn.id,
      } as const;
      ctx.probe.record(
        messageOut(ctx.probe, { ...to, userId: conn.userId }, message, 'reply', event),
      );
    }
  }
  return undefined;
}

function failure(
  conn: WpsConnection,
  event: string,
  outcome: Exclude<UserEventOutcome, { kind: 'success' }>,
): string {
  if (outcome.kind === 'failure') return outcome.message;
  return `No event handler is configured for event '${event}' in hub '${conn.hub}'.`;
}

function perform(
  ctx: ClientRequestContext,
  conn: WpsConnection,
  request: Extract<ClientRequest, { type: 'joinGroup' | 'leaveGroup' | 'sendToGroup' }>,
): AckError | undefined {
  const { group } = request;
  if (request.type === 'sendToGroup') {
    const denied = permission(conn, 'sendToGroup', group);
    if (denied) return denied;
    const { payload } = request;
    const envelope = { from: 'group' as const, group, fromUserId: conn.userId };
    const message = new OutboundMessage(
      payload.dataType,
      payload.bytes,
      envelope,
      payload.metadata,
    );
    let recipients = 0;
    for (const member of [...ctx.hub.groupMembers(group)]) {
      if (request.noEcho && member === conn) continue;
      member.deliver(message);
      recipients++;
    }
    if (ctx.probe.watching) {
      const to = { service: 'webpubsub', hub: conn.hub, recipients, group } as const;
      ctx.probe.record(messageOut(ctx.probe, { ...to, userId: conn.userId }, message));
    }
    return undefined;
  }
  const denied = permission(conn, 'joinLeaveGroup', group);
  if (denied) return denied;
  if (request.type === 'leaveGroup') {
    ctx.hub.leave(conn, group);
    return undefined;
  }
  if (ctx.hub.tryJoin(conn, group)) return undefined;
  return { name: 'Forbidden', message: groupLimitMessage(conn.id) };
}

function permission(conn: WpsConnection, what: Permission, group: string): AckError | undefined {
  if (conn.roles.can(what, group)) return undefined;
  const action = what === 'sendToGroup' ? 'send to' : 'join or leave';
  return {
    name: 'Forbidden',
    message: `The connection has no permission to ${action} group '${group}'.`,
  };
}
