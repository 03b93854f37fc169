// How a send's message goes on the wire, exactly as @azure/web-pubsub picks it:
// - a string with contentType "text/plain" → text/plain;
// - ArrayBuffer, typed array / DataView or Blob → application/octet-stream, bytes as they are;
// - anything else → JSON.stringify + application/json (a bare string becomes a JSON string literal).

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

export function payloadFor(message: unknown, contentType?: string): Payload {
  if (contentType === 'text/plain') {
    if (typeof message !== 'string') {
      throw new TypeError('message must be a string when contentType is "text/plain"');
    }
    return { contentType, body: message };
  }
  if (isBinary(message)) return { contentType: 'application/octet-stream', body: message };
  const json = JSON.stringify(message);
  if (json === undefined) throw new TypeError('message must be a JSON value, binary data or text');
  return { contentType: 'application/json', body: json };
}
