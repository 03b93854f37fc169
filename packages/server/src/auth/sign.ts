// HS256 signing with jose. The HMAC key is the UTF-8 bytes of the access key string (not base64
// decoded), imported once as a non-extractable CryptoKey: signing with a CryptoKey is about twice as
// fast as handing jose the raw bytes on every call.
import { SignJWT } from 'jose';

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

/** Signs `claims` (which must already hold aud/iat/exp) with header `{alg, typ[, kid]}`. */
export function signJwt(
  key: CryptoKey,
  claims: Record<string, unknown>,
  kid?: string,
): Promise<string> {
  const header =
    kid === undefined ? { alg: 'HS256', typ: 'JWT' } : { alg: 'HS256', typ: 'JWT', kid };
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
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
