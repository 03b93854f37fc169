// protobuf.webpubsub.azure.v1 and protobuf.reliable.webpubsub.azure.v1
// (reference-protobuf-(reliable-)webpubsub-subprotocol.md). Binary frames only, encoded and decoded by
// protobufjs with the schema in protobuf-schema.ts. JSON data travels in `json_data`, as the official
// protobuf client sends and reads it.
import { BroadcastFrame } from '../../shared/broadcast-frame.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../shared/json-depth.js';
import { checkMetadata, MetadataError } from './metadata.js';
import { AnyMessage, DownstreamMessage, UpstreamMessage } from './protobuf-schema.js';
import {
  checkedAckId,
  checkedEventName,
  checkedGroup,
  declined,
  InvalidRequest,
} from './request-checks.js';
import type {
  ClientRequest,
  ControlFrame,
  DataMessage,
  DecodeError,
  RequestPayload,
  WpsCodec,
} from './types.js';

type Fields = Record<string, unknown>;

export function protobufCodec(subprotocol: string, reliable: boolean): WpsCodec {
  return {
    subprotocol,
    reliable,
    binaryFrames: true,
    decode: decodeProtobuf,
    control: (frame) => ({ data: encode(controlMessage(frame)), binary: true }),
    sharedFrame: (message) =>
      new BroadcastFrame(encode({ dataMessage: dataMessage(message) }), true),
    numberedFrame: (message, sequenceId) =>
      encode({ dataMessage: { ...dataMessage(message), sequenceId } }),
  };
}

function encode(message: Fields): Buffer {
  const bytes = DownstreamMessage.encode(DownstreamMessage.fromObject(message)).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeProtobuf(data: Buffer, isBinary: boolean): ClientRequest | DecodeError {
  if (!isBinary) {
    return { type: 'invalid', code: 1003, reason: 'The protobuf subprotocols take binary frames.' };
  }
  let upstream: Fields;
  try {
    upstream = UpstreamMessage.decode(data) as unknown as Fields;
  } catch {
    return declined('The message is not a valid protobuf UpstreamMessage.');
  }
  try {
    return request(upstream);
  } catch (error) {
    if (error instanceof InvalidRequest || error instanceof MetadataError) {
      return declined(error.message);
    }
    throw error;
  }
}

/** Only fields present on the wire are own properties of a decoded protobufjs message. */
const has = (m: Fields, key: string) => Object.hasOwn(m, key);

function ackOf(m: Fields): { ackId?: number } {
  const ackId = has(m, 'ackId') ? checkedAckId(toNumber(m.ackId)) : undefined;
  return ackId === undefined ? {} : { ackId };
}

function request(upstream: Fields): ClientRequest {
  const send = upstream.sendToGroupMessage as Fields | undefined;
  const event = upstream.eventMessage as Fields | undefined;
  const join = upstream.joinGroupMessage as Fields | undefined;
  const leave = upstream.leaveGroupMessage as Fields | undefined;
  const sequenceAck = upstream.sequenceAckMessage as Fields | undefined;
  if (upstream.pingMessage) return { type: 'ping' };
  if (sequenceAck) {
    const sequenceId = checkedAckId(toNumber(sequenceAck.sequenceId ?? 0)) ?? 0;
    return { type: 'sequenceAck', sequenceId };
  }
  if (join) return { type: 'joinGroup', group: checkedGroup(join.group), ...ackOf(join) };
  if (leave) return { type: 'leaveGroup', group: checkedGroup(leave.group), ...ackOf(leave) };
  if (send) {
    if (has(send, 'ttlSeconds') && (send.ttlSeconds as number) > 300) {
      throw new InvalidRequest("'ttl_seconds' must be from 0 to 300.");
    }
    return {
      type: 'sendToGroup',
      group: checkedGroup(send.group),
      noEcho: send.noEcho === true,
      payload: payload(send),
      ...ackOf(send),
    };
  }
  if (event) {
    return {
      type: 'event',
      event: checkedEventName(event.event),
      payload: payload(event),
      ...ackOf(event),
    };
  }
  throw new InvalidRequest('The UpstreamMessage carries no request the emulator supports.');
}

function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  // uint64 arrives as a Long; past 2^53 it is refused by checkedAckId as not a safe integer.
  return Number(String(value));
}

function payload(m: Fields): RequestPayload {
  const metadata = checkMetadata(
    m.metadata && Object.keys(m.metadata as object).length > 0 ? m.metadata : undefined,
  );
  const data = m.data as Fields | undefined;
  if (data && has(data, 'textData')) {
    return { dataType: 'text', bytes: Buffer.from(data.textData as string), metadata };
  }
  if (data && has(data, 'binaryData')) {
    return { dataType: 'binary', bytes: Buffer.from(data.binaryData as Uint8Array), metadata };
  }
  if (data && has(data, 'jsonData')) {
    const text = data.jsonData as string;
    try {
      JSON.parse(text);
    } catch {
      throw new InvalidRequest("'json_data' is not valid JSON.");
    }
    if (exceedsJsonDepth(text)) {
      throw new InvalidRequest(`'json_data' nests deeper than ${MAX_JSON_DEPTH} levels.`);
    }
    return { dataType: 'json', bytes: Buffer.from(text), metadata };
  }
  if (data && has(data, 'protobufData')) {
    const any = AnyMessage.encode(data.protobufData as Fields).finish();
    return { dataType: 'protobuf', bytes: Buffer.from(any), metadata };
  }
  if (metadata) return { dataType: 'text', bytes: Buffer.alloc(0), metadata };
  throw new InvalidRequest("'data' is required.");
}

function messageData(dataType: RequestPayload['dataType'], bytes: Buffer): Fields {
  switch (dataType) {
    case 'text':
      return { textData: bytes.toString('utf8') };
    case 'json':
      return { jsonData: bytes.toString('utf8') };
    case 'binary':
      return { binaryData: bytes };
    case 'protobuf':
      return { protobufData: AnyMessage.decode(bytes) };
  }
}

function dataMessage(message: DataMessage): Fields {
  const env = message.envelope;
  const out: Fields = { from: env.from, data: messageData(message.dataType, message.payload) };
  if (env.from === 'group') out.group = env.group;
  if (message.metadata) out.metadata = message.metadata;
  return out;
}

function controlMessage(frame: ControlFrame): Fields {
  switch (frame.type) {
    case 'ack':
      return {
        ackMessage: frame.error
          ? { ackId: frame.ackId, success: false, error: frame.error }
          : { ackId: frame.ackId, success: true },
      };
    case 'connected': {
      const connected: Fields = { connectionId: frame.connectionId, userId: frame.userId ?? '' };
      if (frame.reconnectionToken !== undefined)
        connected.reconnectionToken = frame.reconnectionToken;
      return { systemMessage: { connectedMessage: connected } };
    }
    case 'disconnected':
      return { systemMessage: { disconnectedMessage: { reason: frame.reason } } };
    case 'pong':
      return { pongMessage: {} };
    case 'invokeResponse':
      // The protobuf subprotocols have no invocation messages; the JSON codec is the only sender.
      throw new Error('invokeResponse is not part of the protobuf subprotocols.');
  }
}
