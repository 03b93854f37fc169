// HS256 JWTs: base64url(header).base64url(claims).base64url(HMAC-SHA256), the HMAC from hmac.ts
// (node:crypto where the runtime has it, WebCrypto elsewhere).
//
// jose's SignJWT would add ~4 KB (min+gzip) of key-type and claim handling that HS256 with a ready key
// never needs, which breaks the bundle budgets of a minimal app (and an edge function's 3 KB).
import { base64urlText, type HmacKey, importHmacKey } from './hmac.js';

export type { HmacKey } from './hmac.js';

/** Current time in whole seconds, as JWT `iat` uses. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** base64url of `{"alg":"HS256","typ":"JWT"}`, the header of every token without a kid. */
const PLAIN_HEADER = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9';

/** Signs `claims` (which must already hold aud/iat/exp) with header `{alg, typ[, kid]}`. */
export async function signJwt(
  key: HmacKey,
  claims: Record<string, unknown>,
  kid?: string,
): Promise<string> {
  const header =
    kid === undefined
      ? PLAIN_HEADER
      : base64urlText(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid }));
  const input = `${header}.${base64urlText(JSON.stringify(claims))}`;
  return `${input}.${await key.digest(input, 'base64url')}`;
}

/**
 * Keeps the imported key of a key credential, re-importing it only when the credential's key changes
 * (AzureKeyCredential.update), so rotation works without paying an import per request.
 */
export class KeyHolder {
  readonly #credential: { readonly key: string };
  #keyString: string | undefined;
  #hmacKey: Promise<HmacKey> | undefined;

  constructor(credential: { readonly key: string }) {
    this.#credential = credential;
  }

  /** The imported current key, and whether it changed since the last call. */
  current(): { key: Promise<HmacKey>; rotated: boolean } {
    const keyString = this.#credential.key;
    if (keyString === this.#keyString && this.#hmacKey) {
      return { key: this.#hmacKey, rotated: false };
    }
    const rotated = this.#keyString !== undefined;
    this.#keyString = keyString;
    this.#hmacKey = importHmacKey(keyString);
    return { key: this.#hmacKey, rotated };
  }
}
