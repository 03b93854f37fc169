// The JSON hub protocol: UTF-8 JSON records, each ending with the 0x1E record separator. The
// handshake uses the same framing whatever protocol the client then picks.
import { exceedsJsonDepth, MAX_JSON_DEPTH } from '../../shared/json-depth.js';
import { type FramedMessage, FramedReader } from './framed-reader.js';
import {
  type ClientMessage,
  type CompletionOutcome,
  type HubProtocol,
  HubProtocolError,
  MessageType,
  OversizeMessageError,
} from './hub-protocol.js';

export const RECORD_SEPARATOR = 0x1e;

/** One JSON record: the serialized value followed by the record separator. */
export function jsonRecord(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\x1e`);
}

/** Splits on 0x1E. The byte never occurs inside a multi-byte UTF-8 sequence, so bytes can be split safely. */
export class RecordReader extends FramedReader {
  constructor(maxMessageBytes: number) {
    super(maxMessageBytes, 0);
  }

  protected nextMessage(data: Buffer, start: number): FramedMessage | undefined {
    const end = data.indexOf(RECORD_SEPARATOR, start);
    if (end === -1) return undefined;
    if (end - start > this.maxMessageBytes) throw new OversizeMessageError(this.maxMessageBytes);
    return { start, end, next: end + 1 };
  }
}

type JsonObject = Record<string, unknown>;

/** The rules of ASP.NET Core's JsonHubProtocol for the messages the emulator reads. */
function decodeJson(payload: Buffer): ClientMessage {
  const text = payload.toString('utf8');
  // System.Text.Json, which the service parses with, refuses documents deeper than 64 levels.
  if (exceedsJsonDepth(text)) {
    throw new HubProtocolError(`The message is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HubProtocolError('Invalid JSON hub protocol message.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HubProtocolError('A hub message must be a JSON object.');
  }
  const message = value as JsonObject;
  if (message.type === undefined) throw new HubProtocolError("Missing required property 'type'.");
  if (!Number.isInteger(message.type)) {
    throw new HubProtocolError("Expected 'type' to be of type Integer.");
  }
  const type = message.type as number;
  if (type === MessageType.Invocation) return invocation(message);
  if (type === MessageType.Completion) return completionOf(message);
  if (type === MessageType.Close) {
    const error = optional(message, 'error', 'string') as string | undefined;
    return error === undefined ? { type } : { type, error };
  }
  return { type, ignored: true };
}

function invocation(message: JsonObject): ClientMessage {
  const target = message.target;
  if (target === undefined) throw new HubProtocolError("Missing required property 'target'.");
  if (typeof target !== 'string') {
    throw new HubProtocolError("Expected 'target' to be of type String.");
  }
  const args = message.arguments;
  if (args === undefined) throw new HubProtocolError("Missing required property 'arguments'.");
  if (!Array.isArray(args)) throw new HubProtocolError("Expected 'arguments' to be an Array.");
  const invocationId = optional(message, 'invocationId', 'string') as string | undefined;
  const headers = optional(message, 'headers', 'object') as Record<string, string> | undefined;
  const streamIds = optional(message, 'streamIds', 'array') as string[] | undefined;
  return {
    type: MessageType.Invocation,
    target,
    arguments: args,
    ...(invocationId === undefined ? {} : { invocationId }),
    ...(headers === undefined ? {} : { headers }),
    ...(streamIds === undefined ? {} : { streamIds }),
  };
}

/** A client's completion: an error, a result (null included), or neither (void), never both. */
function completionOf(message: JsonObject): ClientMessage {
  const invocationId = message.invocationId;
  if (invocationId === undefined) {
    throw new HubProtocolError("Missing required property 'invocationId'.");
  }
  if (typeof invocationId !== 'string') {
    throw new HubProtocolError("Expected 'invocationId' to be of type String.");
  }
  const error = optional(message, 'error', 'string') as string | undefined;
  if (error !== undefined && 'result' in message) {
    throw new HubProtocolError("The 'error' and 'result' properties are mutually exclusive.");
  }
  const outcome: CompletionOutcome =
    error !== undefined ? { error } : 'result' in message ? { result: message.result } : {};
  return { type: MessageType.Completion, invocationId, outcome };
}

function optional(message: JsonObject, name: string, kind: 'string' | 'object' | 'array') {
  const value = message[name];
  if (value === undefined || value === null) return undefined;
  const ok =
    kind === 'array'
      ? Array.isArray(value)
      : typeof value === kind && (kind !== 'object' || !Array.isArray(value));
  if (!ok) throw new HubProtocolError(`Expected '${name}' to be of type ${kind}.`);
  return value;
}

function completion(invocationId: string, outcome: CompletionOutcome): Buffer {
  if ('error' in outcome) return jsonRecord({ type: 3, invocationId, error: outcome.error });
  if ('result' in outcome) return jsonRecord({ type: 3, invocationId, result: outcome.result });
  return jsonRecord({ type: 3, invocationId });
}

const PING = jsonRecord({ type: MessageType.Ping });

export const jsonProtocol: HubProtocol = {
  name: 'json',
  slot: 0,
  transferFormat: 'Text',
  versions: [1],
  contentType: 'application/json',
  createReader: (maxMessageBytes) => new RecordReader(maxMessageBytes),
  decode: decodeJson,
  encodeInvocation: (target, args, invocationId) =>
    jsonRecord(
      invocationId === undefined
        ? { type: MessageType.Invocation, target, arguments: args }
        : { type: MessageType.Invocation, invocationId, target, arguments: args },
    ),
  encodeStreamItem: (invocationId, item) =>
    jsonRecord({ type: MessageType.StreamItem, invocationId, item }),
  encodeCompletion: completion,
  encodePing: () => PING,
  encodeClose: (error, allowReconnect) =>
    jsonRecord({
      type: MessageType.Close,
      ...(error ? { error } : {}),
      allowReconnect,
    }),
};
