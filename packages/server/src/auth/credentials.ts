// Credential shapes accepted by the clients. They are structural, so credentials from @azure/core-auth
// and @azure/identity work as is: anything with a string `key`, or anything with `getToken(scopes)`.
// AzureKeyCredential is in key-credential.ts: its inspect hook (a computed member) keeps bundlers from
// dropping it, so code that only checks credentials (the token entry) must not share its module.

export function checkKey(key: unknown, name = 'key'): string {
  if (typeof key !== 'string') throw new TypeError(`${name} must be a string`);
  if (key.length === 0) throw new RangeError(`${name} must not be empty`);
  return key;
}

/** Anything with a string `key`, for example `AzureKeyCredential` from `@azure/core-auth`. */
export interface KeyCredential {
  /** The access key the client signs its tokens with. */
  readonly key: string;
}

/** A bearer token from a {@link TokenCredential}, with its expiry. */
export interface AccessToken {
  /** The bearer token sent to the service. */
  token: string;
  /** Expiry in milliseconds since the epoch. */
  expiresOnTimestamp: number;
  /** When to renew, in milliseconds since the epoch (optional, as in `@azure/core-auth`). */
  refreshAfterTimestamp?: number;
}

/** Options the clients pass to {@link TokenCredential.getToken}. */
export interface GetTokenOptions {
  /** Aborts the token request together with the operation that needs it. */
  abortSignal?: AbortSignal;
}

/** A Microsoft Entra ID credential, for example one from `@azure/identity`. */
export interface TokenCredential {
  /** Returns a token for `scopes`, or null when none can be had (the request then fails). */
  getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
}

export type Credential = KeyCredential | TokenCredential;

export function isTokenCredential(value: unknown): value is TokenCredential {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TokenCredential).getToken === 'function'
  );
}

/** Checks the credential argument of a client constructor. */
export function requireCredential(value: unknown, name = 'credential'): Credential {
  if (isTokenCredential(value)) return value;
  if (typeof value === 'object' && value !== null && 'key' in value) {
    checkKey((value as KeyCredential).key, `${name}.key`);
    return value as KeyCredential;
  }
  throw new TypeError(`${name} must be an AzureKeyCredential or an object with getToken(scopes)`);
}
