// HMAC-SHA256 with an access key, and base64url of text: Node's native code where the runtime has it
// (node-crypto.ts: Node, Deno, Bun), WebCrypto and btoa everywhere else (browsers, Workers).
import { nodeSigning } from './node-crypto.js';

const encoder = new TextEncoder();

/** How a digest is written: base64url (JWT signatures) or lower-case hex (event signatures). */
export type DigestEncoding = 'base64url' | 'hex';

/** An imported access key: the HMAC-SHA256 of a string's UTF-8 bytes, encoded. */
export interface HmacKey {
  digest(data: string, encoding: DigestEncoding): string | Promise<string>;
}

/** The HMAC key is the UTF-8 bytes of the access key string (not base64 decoded), as Azure signs. */
export function importHmacKey(accessKey: string): Promise<HmacKey> {
  const node = nodeSigning();
  return node ? Promise.resolve(node.hmacKey(accessKey)) : webCryptoHmacKey(accessKey);
}

/** base64url (no padding) of the UTF-8 bytes of `text`. */
export function base64urlText(text: string): string {
  const node = nodeSigning();
  return node ? node.base64url(text) : base64url(encoder.encode(text));
}

/**
 * base64url without padding, through btoa. Hand-rolled rather than jose's encoder: jose's module also
 * carries its decoders, about 130 bytes min+gzip that an edge function's 3 KB budget cannot spare.
 */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Imported once as a non-extractable CryptoKey, so each digest is a single WebCrypto call. */
export async function webCryptoHmacKey(accessKey: string): Promise<HmacKey> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(accessKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return {
    async digest(data, encoding) {
      const bytes = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
      return encoding === 'hex' ? toHex(bytes) : base64url(bytes);
    },
  };
}

export function toHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
