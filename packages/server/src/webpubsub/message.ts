// How a send's message goes on the wire, exactly as @azure/web-pubsub picks it:
// - a string with contentType "text/plain" → text/plain;
// - ArrayBuffer, typed array / DataView or Blob → application/octet-stream, bytes as they are;
// - anything else → JSON.stringify + application/json (a bare string becomes a JSON string literal).
// Unlike the official SDK, values JSON cannot carry faithfully are refused instead of sent as `{}`.
import { requireBodySize } from '../validation.js';

/** Values sent as JSON. */
export type JSONTypes = string | number | boolean | object;

/** Values sent as bytes. */
export type BinaryMessage = ArrayBuffer | ArrayBufferView | Blob;

export interface Payload {
  contentType: 'text/plain' | 'application/json' | 'application/octet-stream';
  body: string | ArrayBuffer | ArrayBufferView | Blob;
}

function isBinary(message: unknown): message is BinaryMessage {
  return (
    message instanceof ArrayBuffer ||
    ArrayBuffer.isView(message) ||
    (typeof Blob === 'function' && message instanceof Blob)
  );
}

/** What a value is, for an error message that must not echo it. */
function kind(value: unknown): string {
  return value === null
    ? 'null'
    : typeof value === 'object'
      ? `a ${value.constructor?.name}`
      : typeof value;
}

/**
 * The payload of a send, checked before any request: a value JSON cannot carry (null, undefined, a
 * function, a BigInt, a cycle) or would silently send as `{}` (a Map, Set, Promise, stream, FormData: a
 * class instance with no own fields), a Node stream, or a body over 1 MB is a TypeError or RangeError.
 */
export function payloadFor(message: unknown, contentType?: string): Payload {
  if (contentType === 'text/plain') {
    if (typeof message !== 'string') {
      throw new TypeError('message must be a string when contentType is "text/plain"');
    }
    return { contentType, body: requireBodySize(message, 'message') };
  }
  if (isBinary(message)) {
    return { contentType: 'application/octet-stream', body: requireBodySize(message, 'message') };
  }
  let json: string | undefined;
  let why = '';
  try {
    json = JSON.stringify(message);
  } catch (error) {
    why = ` (${(error as Error).message})`;
  }
  const proto = typeof message === 'object' && message !== null && Object.getPrototypeOf(message);
  if (
    json === undefined ||
    message === null ||
    typeof (message as { pipe?: unknown }).pipe === 'function' ||
    (json === '{}' && proto !== Object.prototype && proto !== null)
  ) {
    throw new TypeError(
      `message must be a JSON value, text or binary data, not ${kind(message)}${why}; convert it first (a Map with Object.fromEntries)`,
    );
  }
  return { contentType: 'application/json', body: requireBodySize(json, 'message') };
}
