// HS256 signing. The HMAC key is the UTF-8 bytes of the access key string (not base64 decoded),
// imported once as a non-extractable CryptoKey, so each signature is a single WebCrypto call.
//
// A JWT here is base64url(header).base64url(claims).base64url(HMAC-SHA256): jose encodes the parts,
// WebCrypto signs. jose's SignJWT would add ~4 KB (min+gzip) of key-type and claim handling that HS256
// with a ready CryptoKey never needs, which breaks the 10 KB bundle budget of a minimal app.
import { encode } from 'jose/base64url';

const encoder = new TextEncoder();

export function importHmacKey(accessKey: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(accessKey),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
}

/** Current time in whole seconds, as JWT `iat` uses. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** base64url of `{"alg":"HS256","typ":"JWT"}`, the header of every token without a kid. */
const PLAIN_HEADER = encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** Signs `claims` (which must already hold aud/iat/exp) with header `{alg, typ[, kid]}`. */
export async function signJwt(
  key: CryptoKey,
  claims: Record<string, unknown>,
  kid?: string,
): Promise<string> {
  const header =
    kid === undefined ? PLAIN_HEADER : encode(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid }));
  const input = `${header}.${encode(JSON.stringify(claims))}`;
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(input));
  return `${input}.${encode(new Uint8Array(signature))}`;
}

/**
 * Keeps the CryptoKey of a key credential, re-importing it only when the credential's key changes
 * (AzureKeyCredential.update), so rotation works without paying an import per request.
 */
export class KeyHolder {
  readonly #credential: { readonly key: string };
  #keyString: string | undefined;
  #cryptoKey: Promise<CryptoKey> | undefined;

  constructor(credential: { readonly key: string }) {
    this.#credential = credential;
  }

  /** The CryptoKey of the current key, and whether it changed since the last call. */
  current(): { key: Promise<CryptoKey>; rotated: boolean } {
    const keyString = this.#credential.key;
    if (keyString === this.#keyString && this.#cryptoKey) {
      return { key: this.#cryptoKey, rotated: false };
    }
    const rotated = this.#keyString !== undefined;
    this.#keyString = keyString;
    this.#cryptoKey = importHmacKey(keyString);
    return { key: this.#cryptoKey, rotated };
  }
}
