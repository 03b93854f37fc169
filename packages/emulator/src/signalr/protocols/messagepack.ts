// The MessagePack hub protocol: each message is a MessagePack array ([type, headers, …]) behind a
// VarInt length prefix. MessagePack itself is @msgpack/msgpack's job.
import { Decoder, Encoder } from '@msgpack/msgpack';
import {
  type ClientMessage,
  type CompletionOutcome,
  type HubProtocol,
  HubProtocolError,
  MessageType,
} from './hub-protocol.js';
import { LengthPrefixReader, lengthPrefixed } from './length-prefix.js';

const encoder = new Encoder();
const decoder = new Decoder();

const NO_HEADERS = {};
const RESULT_ERROR = 1;
const RESULT_VOID = 2;
const RESULT_VALUE = 3;

function encode(message: readonly unknown[]): Buffer {
  // encodeSharedRef avoids one copy: lengthPrefixed copies the bytes out before the next encode.
  return lengthPrefixed(encoder.encodeSharedRef(message));
}

function decodeMessagePack(payload: Buffer): ClientMessage {
  let value: unknown;
  try {
    value = decoder.decode(payload);
  } catch (error) {
    // @msgpack/msgpack refuses a map key named "__proto__" (it would replace the decoded object's
    // prototype). The .NET service accepts one; we refuse it with a message that says so, a known
    // difference that beats silently dropping or mangling the key.
    const reason =
      error instanceof Error && /__proto__/.test(error.message) ? ` ${error.message}.` : '';
    throw new HubProtocolError(`Invalid MessagePack hub protocol message.${reason}`);
  }
  if (!Array.isArray(value) || value.length === 0) {
    throw new HubProtocolError('A hub message must be a non-empty MessagePack array.');
  }
  const type = value[0];
  if (!Number.isInteger(type)) throw new HubProtocolError('The message type must be an integer.');
  if (type === MessageType.Invocation) return invocation(value);
  if (type === MessageType.Completion) return completionOf(value);
  if (type === MessageType.Close) {
    if (value.length < 2) throw new HubProtocolError('Invalid payload for Close message.');
    const error = value[1];
    if (error !== null && typeof error !== 'string') {
      throw new HubProtocolError('The Close error must be a string or nil.');
    }
    return error === null ? { type } : { type, error };
  }
  return { type: type as number, ignored: true };
}

/** [1, headers, invocationId | nil, target, arguments, streamIds?] */
function invocation(fields: unknown[]): ClientMessage {
  if (fields.length < 5) throw new HubProtocolError('Invalid payload for Invocation message.');
  const [, headers, invocationId, target, args, streamIds] = fields;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    throw new HubProtocolError('Invocation headers must be a map.');
  }
  if (invocationId !== null && typeof invocationId !== 'string') {
    throw new HubProtocolError('The invocation id must be a string or nil.');
  }
  if (typeof target !== 'string') throw new HubProtocolError('The target must be a string.');
  if (!Array.isArray(args)) throw new HubProtocolError('The arguments must be an array.');
  if (streamIds !== undefined && streamIds !== null && !Array.isArray(streamIds)) {
    throw new HubProtocolError('The stream ids must be an array.');
  }
  return {
    type: MessageType.Invocation,
    target,
    arguments: args,
    headers: headers as Record<string, string>,
    ...(invocationId ? { invocationId } : {}),
    ...(Array.isArray(streamIds) ? { streamIds: streamIds as string[] } : {}),
  };
}

/** [3, headers, invocationId, resultKind (1 error, 2 void, 3 value), error | result?] */
function completionOf(fields: unknown[]): ClientMessage {
  if (fields.length < 4) throw new HubProtocolError('Invalid payload for Completion message.');
  const [, , invocationId, kind, value] = fields;
  if (typeof invocationId !== 'string') {
    throw new HubProtocolError('The invocation id must be a string.');
  }
  const type = MessageType.Completion;
  if (kind === RESULT_VOID) return { type, invocationId, outcome: {} };
  if (fields.length < 5) throw new HubProtocolError('Invalid payload for Completion message.');
  if (kind === RESULT_VALUE) return { type, invocationId, outcome: { result: value } };
  if (kind === RESULT_ERROR && typeof value === 'string') {
    return { type, invocationId, outcome: { error: value } };
  }
  throw new HubProtocolError('Invalid result kind of a Completion message.');
}

function completion(invocationId: string, outcome: CompletionOutcome): Buffer {
  const head = [MessageType.Completion, NO_HEADERS, invocationId];
  if ('error' in outcome) return encode([...head, RESULT_ERROR, outcome.error]);
  if ('result' in outcome) return encode([...head, RESULT_VALUE, outcome.result]);
  return encode([...head, RESULT_VOID]);
}

const PING = encode([MessageType.Ping]);

export const messagePackProtocol: HubProtocol = {
  name: 'messagepack',
  slot: 1,
  transferFormat: 'Binary',
  versions: [1],
  contentType: 'application/x-msgpack',
  createReader: (maxMessageBytes) => new LengthPrefixReader(maxMessageBytes),
  decode: decodeMessagePack,
  // The .NET server writes six fields: stream ids last, empty for a server invocation.
  encodeInvocation: (target, args, invocationId) =>
    encode([MessageType.Invocation, NO_HEADERS, invocationId ?? null, target, args, []]),
  encodeStreamItem: (invocationId, item) =>
    encode([MessageType.StreamItem, NO_HEADERS, invocationId, item]),
  encodeCompletion: completion,
  encodePing: () => PING,
  encodeClose: (error, allowReconnect) =>
    encode([MessageType.Close, error ? error : null, allowReconnect]),
};
