// Message metadata: string pairs carried with a message from a client's sendToGroup / event, or from
// REST `X-WebPubSub-Metadata-<key>` headers, and passed on to subprotocol receivers. The bounds are
// Microsoft's Web PubSub emulator's (keys are HTTP token characters, ASCII only, key ≤ 256, value ≤
// 1024 and all pairs ≤ 8 KB); the service does not document them.
import type { IncomingHttpHeaders } from 'node:http';
import type { Metadata } from './types.js';

export const METADATA_HEADER_PREFIX = 'x-webpubsub-metadata-';
const MAX_KEY = 256;
const MAX_VALUE = 1024;
const MAX_TOTAL = 8 * 1024;
const KEY = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII means U+0000 to U+007F
const ASCII = /^[\x00-\x7f]*$/;

export class MetadataError extends Error {
  override name = 'MetadataError';
}

/** Checks metadata from a request; throws MetadataError with a sentence naming the key. */
export function checkMetadata(value: unknown): Metadata | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new MetadataError("'metadata' must be an object of strings.");
  }
  let total = 0;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new MetadataError(`The metadata value of '${key}' must be a string.`);
    }
    if (!KEY.test(key)) throw new MetadataError(`The metadata key '${key}' is not valid.`);
    if (!ASCII.test(item)) throw new MetadataError(`The metadata value of '${key}' must be ASCII.`);
    if (key.length > MAX_KEY) {
      throw new MetadataError(`The metadata key '${key.slice(0, 32)}…' exceeds ${MAX_KEY} bytes.`);
    }
    if (item.length > MAX_VALUE) {
      throw new MetadataError(`The metadata value of '${key}' exceeds ${MAX_VALUE} bytes.`);
    }
    total += key.length + item.length;
    if (total > MAX_TOTAL) throw new MetadataError(`The metadata exceeds ${MAX_TOTAL} bytes.`);
    out[key] = item;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** Metadata from `X-WebPubSub-Metadata-<key>` request headers; keys are lowercased (HTTP headers). */
export function metadataFromHeaders(headers: IncomingHttpHeaders): Metadata | undefined {
  const pairs: Record<string, string> = {};
  let found = false;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(METADATA_HEADER_PREFIX) || value === undefined) continue;
    const key = name.slice(METADATA_HEADER_PREFIX.length);
    if (key === '') continue;
    // A repeated header keeps its last value, as Microsoft's emulator does.
    pairs[key] = Array.isArray(value) ? (value.at(-1) ?? '') : value;
    found = true;
  }
  return found ? checkMetadata(pairs) : undefined;
}
