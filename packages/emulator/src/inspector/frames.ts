// Timeline events for client frames, built only while someone watches (callers check
// `probe.watching` first). Frames are described by what they mean (type, group, event, ack id), not
// by their raw bytes, so control frames never show a reconnection token. Keep-alive pings are left out.
import type { ClientRequest, ControlFrame, DecodeError } from '../webpubsub/protocols/types.js';
import type { Probe } from './probe.js';
import type { FrameEvent, ServiceName, TimelineEventInit } from './types.js';

type FrameInit = Omit<FrameEvent, 'seq' | 'at'>;

/** Who a frame concerns. */
export interface FrameParty {
  readonly id: string;
  readonly hub: string;
  readonly userId: string | undefined;
}

/** A data message on its way out, as both services' senders describe it. */
export interface OutgoingData {
  readonly dataType: string;
  readonly payload: Uint8Array;
}

/** The ids of a connection, as timeline events carry them. */
export function idsOf(conn: FrameParty): { hub: string; connectionId: string; userId?: string } {
  const ids = { hub: conn.hub, connectionId: conn.id };
  return conn.userId === undefined ? ids : { ...ids, userId: conn.userId };
}

function base(service: ServiceName, conn: FrameParty, direction: 'in' | 'out', type: string) {
  const init: { -readonly [K in keyof FrameInit]: FrameInit[K] } = {
    kind: 'frame',
    service,
    ...idsOf(conn),
    direction,
    type,
  };
  return init;
}

/** A Web PubSub client's frame: a decoded subprotocol request, or (request undefined) a plain frame. */
export function webPubSubFrameIn(
  probe: Probe,
  conn: FrameParty,
  request: ClientRequest | DecodeError | undefined,
  bytes: Buffer,
  isBinary: boolean,
): TimelineEventInit | undefined {
  if (request?.type === 'ping') return undefined;
  const event = base('webpubsub', conn, 'in', request?.type ?? 'message');
  event.bytes = bytes.length;
  if (request === undefined) {
    event.dataType = isBinary ? 'binary' : 'text';
    const data = probe.preview(bytes, event.dataType);
    if (data !== undefined) event.data = data;
    return event;
  }
  switch (request.type) {
    case 'invalid':
      event.error = request.reason;
      break;
    case 'joinGroup':
    case 'leaveGroup':
      event.group = request.group;
      break;
    case 'sendToGroup':
    case 'event':
    case 'invoke': {
      if (request.type === 'sendToGroup') event.group = request.group;
      else event.name = request.event;
      if (request.type === 'invoke') event.invocationId = request.invocationId;
      const { payload } = request;
      if (payload) {
        event.dataType = payload.dataType;
        const data = probe.preview(payload.bytes, payload.dataType);
        if (data !== undefined) event.data = data;
      }
      break;
    }
    case 'sequenceAck':
      event.ackId = request.sequenceId;
      break;
    case 'cancelInvocation':
      event.invocationId = request.invocationId;
      break;
  }
  if ('ackId' in request && request.ackId !== undefined) event.ackId = request.ackId;
  return event;
}

/** A control frame the service sent one Web PubSub connection (pongs left out). */
export function webPubSubControlOut(
  probe: Probe,
  conn: FrameParty,
  frame: ControlFrame,
): TimelineEventInit | undefined {
  if (frame.type === 'pong') return undefined;
  const event = base('webpubsub', conn, 'out', frame.type);
  event.recipients = 1;
  if (frame.type === 'ack') {
    event.ackId = frame.ackId;
    if (frame.error) event.error = `${frame.error.name}: ${frame.error.message}`;
  } else if (frame.type === 'disconnected') {
    event.error = frame.reason;
  } else if (frame.type === 'invokeResponse') {
    event.invocationId = frame.invocationId;
    if (frame.error) event.error = `${frame.error.name}: ${frame.error.message}`;
    if (frame.payload) {
      event.dataType = frame.payload.dataType;
      const data = probe.preview(frame.payload.bytes, frame.payload.dataType);
      if (data !== undefined) event.data = data;
    }
  }
  // `connected` carries the connection id and user only: its reconnection token is a secret.
  return event;
}

/** Where a message went: one event for all its recipients. */
export interface Audience {
  readonly service: ServiceName;
  readonly hub: string;
  readonly recipients: number;
  readonly connectionId?: string | undefined;
  readonly userId?: string | undefined;
  readonly group?: string | undefined;
}

/** A data message delivered to `recipients` connections. */
export function messageOut(
  probe: Probe,
  to: Audience,
  message: OutgoingData,
  type = 'message',
  name?: string,
): TimelineEventInit {
  const event: { -readonly [K in keyof FrameInit]: FrameInit[K] } = {
    kind: 'frame',
    service: to.service,
    hub: to.hub,
    direction: 'out',
    type,
    recipients: to.recipients,
    bytes: message.payload.length,
    dataType: message.dataType,
  };
  if (to.connectionId !== undefined) event.connectionId = to.connectionId;
  if (to.userId !== undefined) event.userId = to.userId;
  if (to.group !== undefined) event.group = to.group;
  if (name !== undefined) event.name = name;
  const data = probe.preview(message.payload, message.dataType);
  if (data !== undefined) event.data = data;
  return event;
}

/** What a SignalR client sent (a decoded hub message; pings left out). */
export function signalRFrameIn(
  probe: Probe,
  conn: FrameParty,
  decoded: { readonly type: number },
  bytes: number,
): TimelineEventInit | undefined {
  const message = decoded as { readonly type: number } & Record<string, unknown>;
  const type = SIGNALR_TYPES[message.type] ?? `type ${message.type}`;
  if (type === 'ping') return undefined;
  const event = base('signalr', conn, 'in', type);
  event.bytes = bytes;
  if (typeof message.target === 'string') event.name = message.target;
  if (typeof message.invocationId === 'string') event.invocationId = message.invocationId;
  if (typeof message.error === 'string') event.error = message.error;
  const outcome = message.outcome as Record<string, unknown> | undefined;
  if (outcome && typeof outcome.error === 'string') event.error = outcome.error;
  const value = outcome && 'result' in outcome ? outcome.result : message.arguments;
  if (value !== undefined) {
    event.dataType = 'json';
    const data = jsonPreview(probe, value);
    if (data !== undefined) event.data = data;
  }
  return event;
}

/** A SignalR invocation (REST send) delivered to `recipients` connections. */
export function signalRInvocationOut(
  probe: Probe,
  to: Omit<Audience, 'service'>,
  target: string,
  args: readonly unknown[],
  type = 'invocation',
): TimelineEventInit {
  const text = jsonPreview(probe, args);
  const payload = Buffer.from(text ?? '');
  return messageOut(
    probe,
    { ...to, service: 'signalr' },
    { dataType: 'json', payload },
    type,
    target,
  );
}

const SIGNALR_TYPES: Record<number, string> = {
  1: 'invocation',
  2: 'streamItem',
  3: 'completion',
  4: 'streamInvocation',
  5: 'cancelInvocation',
  6: 'ping',
  7: 'close',
};

/** JSON text of a decoded value (MessagePack may hold binary and 64-bit integers). */
export function jsonPreview(probe: Probe, value: unknown): string | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString();
      if (v instanceof Uint8Array) return `<${v.length} bytes>`;
      return v;
    });
  } catch {
    return undefined;
  }
  return text === undefined ? undefined : probe.preview(Buffer.from(text), 'json');
}
