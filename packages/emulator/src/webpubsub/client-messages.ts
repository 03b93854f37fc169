// Requests a json.webpubsub.azure.v1 (or its reliable variant) client sends: joinGroup, leaveGroup,
// sendToGroup (with noEcho), event, plus ping and sequenceAck. Each request with an ackId gets an
// ack; a repeated ackId gets the `Duplicate` error the official client treats as success.
import type { Schema } from '../http/route-spec.js';
import { checkValue } from '../http/validate.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../shared/json-depth.js';
import type { Permission, WpsConnection } from './connection.js';
import type { WpsHub } from './hub.js';
import { type DataType, OutboundMessage } from './outbound-message.js';

type AckError = { name: 'Forbidden' | 'InvalidRequest' | 'InternalServerError'; message: string };
type Request = Record<string, unknown>;

export interface ClientMessageContext {
  readonly hub: WpsHub;
  readonly groupSchema: Schema;
}

export function handleClientMessage(
  ctx: ClientMessageContext,
  conn: WpsConnection,
  text: string,
): void {
  let request: unknown;
  try {
    request = JSON.parse(text);
  } catch {
    return; // Not JSON: nothing to answer, as there is no ackId to answer to.
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) return;
  const req = request as Request;
  const ackId = req.ackId;
  if (ackId !== undefined && (typeof ackId !== 'number' || !Number.isInteger(ackId))) {
    return; // An ack cannot be addressed to a non-integer id.
  }
  if (req.type === 'ping') {
    conn.sendControl({ type: 'pong' });
    return;
  }
  if (req.type === 'sequenceAck') return;
  if (exceedsJsonDepth(text)) {
    // Checked after parsing so the ack can still be addressed to the request's ackId.
    const message = `The request nests deeper than ${MAX_JSON_DEPTH} levels.`;
    if (ackId !== undefined) {
      conn.sendControl({ type: 'ack', ackId, success: false, error: invalid(message) });
    }
    return;
  }
  if (ackId !== undefined && conn.hasProcessed(ackId)) {
    const message = `The message with ackId ${ackId} was already processed.`;
    conn.sendControl({ type: 'ack', ackId, success: false, error: { name: 'Duplicate', message } });
    return;
  }
  const error = perform(ctx, conn, req);
  if (ackId === undefined) return;
  // Only processed requests count: a retry of a rejected one is answered afresh, not as Duplicate.
  if (!error) conn.markProcessed(ackId);
  conn.sendControl(
    error ? { type: 'ack', ackId, success: false, error } : { type: 'ack', ackId, success: true },
  );
}

function perform(
  ctx: ClientMessageContext,
  conn: WpsConnection,
  req: Request,
): AckError | undefined {
  switch (req.type) {
    case 'joinGroup':
    case 'leaveGroup': {
      const group = groupOf(ctx, req);
      if (typeof group !== 'string') return group;
      const denied = permission(conn, 'joinLeaveGroup', group);
      if (denied) return denied;
      if (req.type === 'joinGroup') ctx.hub.join(conn, group);
      else ctx.hub.leave(conn, group);
      return undefined;
    }
    case 'sendToGroup': {
      const group = groupOf(ctx, req);
      if (typeof group !== 'string') return group;
      const denied = permission(conn, 'sendToGroup', group);
      if (denied) return denied;
      const payload = payloadOf(req);
      if ('name' in payload) return payload;
      const envelope = { from: 'group' as const, group, fromUserId: conn.userId };
      const message = new OutboundMessage(payload.dataType, payload.bytes, envelope);
      for (const member of [...ctx.hub.groupMembers(group)]) {
        if (req.noEcho === true && member === conn) continue;
        member.deliver(message);
      }
      return undefined;
    }
    case 'event': {
      if (typeof req.event !== 'string' || req.event === '')
        return invalid("'event' must be a non-empty string.");
      const payload = payloadOf(req);
      if ('name' in payload) return payload;
      // Events go to upstream event handlers, which the emulator does not call (out of scope):
      // the service accepted the event, so the ack is a success.
      return undefined;
    }
    default:
      return invalid(`Unsupported request type '${String(req.type)}'.`);
  }
}

interface Payload {
  readonly dataType: DataType;
  readonly bytes: Buffer;
}

function payloadOf(req: Request): Payload | AckError {
  const { dataType, data } = req;
  switch (dataType) {
    case 'json':
      if (data === undefined) return invalid("'data' is required.");
      return { dataType: 'json', bytes: Buffer.from(JSON.stringify(data)) };
    case 'text':
      if (typeof data !== 'string')
        return invalid("'data' must be a string when dataType is text.");
      return { dataType: 'text', bytes: Buffer.from(data) };
    case 'binary':
      if (typeof data !== 'string' || !isBase64(data)) {
        return invalid("'data' must be a base64 string when dataType is binary.");
      }
      return { dataType: 'binary', bytes: Buffer.from(data, 'base64') };
    default:
      return invalid("'dataType' must be json, text or binary.");
  }
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

function groupOf(ctx: ClientMessageContext, req: Request): string | AckError {
  if (typeof req.group !== 'string') return invalid("'group' must be a string.");
  const problem = checkValue(req.group, ctx.groupSchema, 'group');
  return problem ? invalid(problem) : req.group;
}

function permission(
  conn: WpsConnection,
  permission: Permission,
  group: string,
): AckError | undefined {
  if (conn.can(permission, group)) return undefined;
  return {
    name: 'Forbidden',
    message: `The connection has no permission to ${permission === 'sendToGroup' ? 'send to' : 'join or leave'} group '${group}'.`,
  };
}

function invalid(message: string): AckError {
  return { name: 'InvalidRequest', message };
}
