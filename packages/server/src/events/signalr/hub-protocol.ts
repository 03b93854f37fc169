// The SignalR hub protocol as upstream requests carry it. The service posts one invocation message,
// unframed: JSON `{"type":1,"invocationId"?,"target","arguments"}` or the MessagePack array
// `[1, headers, invocationId|nil, target, arguments, streamIds?]` (as Microsoft's Functions extension
// parses it). It forwards a 200 answer to the client as is, so the answer is a *framed* completion in
// the same protocol: JSON followed by the 0x1E record separator, or MessagePack behind a VarInt length.
// MessagePack itself comes from @msgpack/msgpack; only the VarInt framing is written here, since the
// library has none and it is a few lines.
import { Decoder, Encoder } from '@msgpack/msgpack';
import { BodyError, utf8 } from '../shared/body.js';

/** The hub protocol of a request: JSON (`application/json`) or MessagePack (`application/x-msgpack`). */
export type HubProtocol = 'json' | 'messagepack';

/** A hub invocation as the client sent it. */
export interface InvocationMessage {
  invocationId?: string;
  target: string;
  arguments: unknown[];
}

/** How an invocation ended: a result, nothing (a void method) or an error message. */
export type Completion = { result: unknown } | { error: string } | Record<string, never>;

const INVOCATION = 1;
const COMPLETION = 3;
const RECORD_SEPARATOR = 0x1e;
/** MessagePack completion result kinds. */
const ERROR_RESULT = 1;
const VOID_RESULT = 2;
const NON_VOID_RESULT = 3;

let decoder: Decoder | undefined;
let encoder: Encoder | undefined;

export function protocolOf(mediaType: string): HubProtocol | undefined {
  if (mediaType === 'application/json') return 'json';
  if (mediaType === 'application/x-msgpack') return 'messagepack';
  return undefined;
}

export function parseInvocation(bytes: Uint8Array, protocol: HubProtocol): InvocationMessage {
  return protocol === 'json' ? parseJsonInvocation(bytes) : parseMessagePackInvocation(bytes);
}

function invalid(detail: string): BodyError {
  return new BodyError(400, `The body is not a hub protocol invocation message: ${detail}`);
}

function parseJsonInvocation(bytes: Uint8Array): InvocationMessage {
  // Tolerate a framed message (trailing record separator) as well as the bare JSON the service sends.
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === RECORD_SEPARATOR || bytes[end - 1] === 0x0a)) end--;
  let message: unknown;
  try {
    message = JSON.parse(utf8(bytes.subarray(0, end)));
  } catch {
    throw invalid('malformed JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw invalid('not a JSON object');
  }
  const { type, invocationId, target, arguments: args = [] } = message as Record<string, unknown>;
  return checkInvocation(type, invocationId ?? undefined, target, args);
}

function parseMessagePackInvocation(bytes: Uint8Array): InvocationMessage {
  decoder ??= new Decoder();
  let message: unknown;
  try {
    message = decoder.decode(bytes);
  } catch {
    // Tolerate a framed message too: a VarInt length, then exactly that many bytes.
    const frame = unframe(bytes);
    if (!frame) throw invalid('malformed MessagePack');
    try {
      message = decoder.decode(frame);
    } catch {
      throw invalid('malformed MessagePack');
    }
  }
  if (!Array.isArray(message) || message.length < 5)
    throw invalid('not a MessagePack invocation array');
  const [type, , invocationId, target, args] = message as unknown[];
  return checkInvocation(type, invocationId ?? undefined, target, args);
}

function checkInvocation(
  type: unknown,
  invocationId: unknown,
  target: unknown,
  args: unknown,
): InvocationMessage {
  if (type !== INVOCATION) throw invalid(`message type ${String(type)} is not 1 (invocation)`);
  if (typeof target !== 'string' || target === '')
    throw invalid('target must be a non-empty string');
  if (!Array.isArray(args)) throw invalid('arguments must be an array');
  if (invocationId !== undefined && typeof invocationId !== 'string') {
    throw invalid('invocationId must be a string');
  }
  return invocationId === undefined
    ? { target, arguments: args }
    : { invocationId, target, arguments: args };
}

/** The payload behind a VarInt length prefix, when the prefix matches the rest exactly. */
function unframe(bytes: Uint8Array): Uint8Array | undefined {
  let length = 0;
  for (let i = 0; i < 5 && i < bytes.length; i++) {
    const byte = bytes[i] as number;
    length += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) {
      return length === bytes.length - i - 1 ? bytes.subarray(i + 1) : undefined;
    }
  }
  return undefined;
}

/** A completion message for `invocationId`, framed for `protocol`. */
export function encodeCompletion(
  protocol: HubProtocol,
  invocationId: string,
  completion: Completion,
): Uint8Array {
  if (protocol === 'json') {
    const message = { type: COMPLETION, invocationId, ...completion };
    return new TextEncoder().encode(`${JSON.stringify(message)}\u001e`);
  }
  const message =
    'error' in completion
      ? [COMPLETION, {}, invocationId, ERROR_RESULT, completion.error]
      : 'result' in completion
        ? [COMPLETION, {}, invocationId, NON_VOID_RESULT, completion.result]
        : [COMPLETION, {}, invocationId, VOID_RESULT];
  encoder ??= new Encoder();
  return frame(encoder.encode(message));
}

function frame(payload: Uint8Array): Uint8Array {
  const prefix: number[] = [];
  let length = payload.length;
  do {
    let byte = length & 0x7f;
    length = Math.floor(length / 128);
    if (length > 0) byte |= 0x80;
    prefix.push(byte);
  } while (length > 0);
  const framed = new Uint8Array(prefix.length + payload.length);
  framed.set(prefix, 0);
  framed.set(payload, prefix.length);
  return framed;
}

export function contentTypeOf(protocol: HubProtocol): string {
  return protocol === 'json' ? 'application/json; charset=utf-8' : 'application/x-msgpack';
}
