// json.webpubsub.azure.v1 and json.reliable.webpubsub.azure.v1 (reference-json-webpubsub-subprotocol.md,
// reference-json-reliable-webpubsub-subprotocol.md). Text frames only. A data message is serialized
// once per message; reliable connections prefix their own `"sequenceId":n,` to the shared body.
import { BroadcastFrame } from '../../shared/broadcast-frame.js';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../shared/json-depth.js';
import { checkMetadata, MetadataError } from './metadata.js';
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

export function jsonCodec(subprotocol: string, reliable: boolean): WpsCodec {
  return {
    subprotocol,
    reliable,
    binaryFrames: false,
    decode: decodeJson,
    control: (frame) => ({ data: Buffer.from(JSON.stringify(controlJson(frame))), binary: false }),
    sharedFrame: (message) => new BroadcastFrame(messageJson(message), false),
    numberedFrame: (message, sequenceId) =>
      Buffer.concat([
        Buffer.from(`{"sequenceId":${sequenceId},`),
        messageJson(message).subarray(1),
      ]),
  };
}

function decodeJson(data: Buffer, isBinary: boolean): ClientRequest | DecodeError {
  if (isBinary) {
    return { type: 'invalid', code: 1003, reason: 'The JSON subprotocols take text frames.' };
  }
  const text = data.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return declined('The message is not valid JSON.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return declined('The message must be a JSON object.');
  }
  if (exceedsJsonDepth(text))
    return declined(`The message nests deeper than ${MAX_JSON_DEPTH} levels.`);
  try {
    return request(parsed as Fields);
  } catch (error) {
    if (error instanceof InvalidRequest || error instanceof MetadataError) {
      return declined(error.message);
    }
    throw error;
  }
}

function request(f: Fields): ClientRequest {
  const ackId = checkedAckId(f.ackId);
  const withAck = ackId === undefined ? {} : { ackId };
  switch (f.type) {
    case 'ping':
      return { type: 'ping' };
    case 'sequenceAck': {
      const sequenceId = checkedAckId(f.sequenceId);
      if (sequenceId === undefined) throw new InvalidRequest("'sequenceId' is required.");
      return { type: 'sequenceAck', sequenceId };
    }
    case 'joinGroup':
    case 'leaveGroup':
      return { type: f.type, group: checkedGroup(f.group), ...withAck };
    case 'sendToGroup': {
      if (f.noEcho !== undefined && typeof f.noEcho !== 'boolean') {
        throw new InvalidRequest("'noEcho' must be a boolean.");
      }
      checkTtl(f.ttlSeconds);
      const group = checkedGroup(f.group);
      return {
        type: 'sendToGroup',
        group,
        noEcho: f.noEcho === true,
        payload: payload(f),
        ...withAck,
      };
    }
    case 'event':
      return { type: 'event', event: checkedEventName(f.event), payload: payload(f), ...withAck };
    case 'invoke': {
      if (f.target !== undefined && f.target !== 'event') {
        throw new InvalidRequest("'target' must be 'event'.");
      }
      const data = f.data === undefined && f.dataType === undefined ? undefined : payload(f);
      return {
        type: 'invoke',
        invocationId: invocationId(f.invocationId),
        event: checkedEventName(f.event),
        payload: data,
      };
    }
    case 'cancelInvocation':
      return { type: 'cancelInvocation', invocationId: invocationId(f.invocationId) };
    default:
      throw new InvalidRequest(`Unsupported request type '${String(f.type)}'.`);
  }
}

function invocationId(value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new InvalidRequest("'invocationId' must be a non-empty string.");
  }
  return value;
}

/** Client message TTL: validated 0–300 s as the service does; delivery is immediate here. */
function checkTtl(ttl: unknown): void {
  if (ttl === undefined || ttl === null) return;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0 || ttl > 300) {
    throw new InvalidRequest("'ttlSeconds' must be an integer from 0 to 300.");
  }
}

/** `dataType` defaults to json (reference-json-requests.md). */
function payload(f: Fields): RequestPayload {
  const metadata = checkMetadata(f.metadata);
  const { data } = f;
  const dataType = f.dataType ?? 'json';
  if (data === undefined) {
    // A metadata-only message carries empty text, as in Microsoft's emulator.
    if (metadata) return { dataType: 'text', bytes: Buffer.alloc(0), metadata };
    throw new InvalidRequest("'data' is required.");
  }
  switch (dataType) {
    case 'json':
      if (data === null) throw new InvalidRequest("'data' must not be null when dataType is json.");
      return { dataType: 'json', bytes: Buffer.from(JSON.stringify(data)), metadata };
    case 'text':
      if (typeof data !== 'string') {
        throw new InvalidRequest("'data' must be a string when dataType is text.");
      }
      return { dataType: 'text', bytes: Buffer.from(data), metadata };
    case 'binary':
      if (typeof data !== 'string' || !isBase64(data)) {
        throw new InvalidRequest("'data' must be a base64 string when dataType is binary.");
      }
      return { dataType: 'binary', bytes: Buffer.from(data, 'base64'), metadata };
    default:
      throw new InvalidRequest("'dataType' must be json, text or binary.");
  }
}

function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

function controlJson(frame: ControlFrame): object {
  switch (frame.type) {
    case 'ack':
      return frame.error
        ? { type: 'ack', ackId: frame.ackId, success: false, error: frame.error }
        : { type: 'ack', ackId: frame.ackId, success: true };
    case 'connected': {
      const out: Fields = { type: 'system', event: 'connected', connectionId: frame.connectionId };
      if (frame.userId !== undefined) out.userId = frame.userId;
      if (frame.reconnectionToken !== undefined) out.reconnectionToken = frame.reconnectionToken;
      return out;
    }
    case 'disconnected':
      return { type: 'system', event: 'disconnected', message: frame.reason };
    case 'pong':
      return { type: 'pong' };
    case 'invokeResponse': {
      const out: Fields = {
        type: 'invokeResponse',
        invocationId: frame.invocationId,
        success: !frame.error,
      };
      if (frame.error) out.error = frame.error;
      if (frame.payload) {
        out.dataType = frame.payload.dataType;
        out.data = JSON.parse(dataJson(frame.payload.dataType, frame.payload.bytes).toString());
      }
      return out;
    }
  }
}

const messageBodies = new WeakMap<DataMessage, Buffer>();

/** `{"type":"message",…}` of a data message, built once per message (shared by both JSON codecs). */
function messageJson(message: DataMessage): Buffer {
  let body = messageBodies.get(message);
  if (body) return body;
  const env = message.envelope;
  let head = `{"type":"message","from":"${env.from}"`;
  if (env.from === 'group') {
    if (env.fromUserId !== undefined) head += `,"fromUserId":${JSON.stringify(env.fromUserId)}`;
    head += `,"group":${JSON.stringify(env.group)}`;
  }
  head += `,"dataType":"${message.dataType}","data":`;
  const tail = message.metadata ? `,"metadata":${JSON.stringify(message.metadata)}}` : '}';
  body = Buffer.concat([
    Buffer.from(head),
    dataJson(message.dataType, message.payload),
    Buffer.from(tail),
  ]);
  messageBodies.set(message, body);
  return body;
}

/** JSON payloads were validated on the way in, so they are embedded as is, not re-serialized. */
function dataJson(dataType: RequestPayload['dataType'], payload: Buffer): Buffer {
  switch (dataType) {
    case 'json':
      return payload;
    case 'text':
      return Buffer.from(JSON.stringify(payload.toString('utf8')));
    case 'binary':
    case 'protobuf':
      return Buffer.from(`"${payload.toString('base64')}"`);
  }
}
