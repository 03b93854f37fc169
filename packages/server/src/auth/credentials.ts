// Credential shapes accepted by the clients. They are structural, so credentials from @azure/core-auth
// and @azure/identity work as is: anything with a string `key`, or anything with `getToken(scopes)`.

/** A static access key, as in `@azure/core-auth`. The key never shows in `inspect` or JSON output. */
export class AzureKeyCredential {
  #key: string;

  constructor(key: string) {
    this.#key = checkKey(key);
  }

  /** The current key. */
  get key(): string {
    return this.#key;
  }

  /** Replaces the key (rotation); the next request signs with the new one. */
  update(newKey: string): void {
    this.#key = checkKey(newKey, 'newKey');
  }

  /** Serializes to `{}`, so `JSON.stringify` never reveals the key. */
  toJSON(): Record<string, never> {
    return {};
  }

  /**
   * What `util.inspect` and `console.log` show: without it, `inspect(c, { showHidden, getters })` calls
   * the `key` getter and prints the key. `Symbol.for` needs no node:util import, so this runs anywhere.
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'AzureKeyCredential { key: [redacted] }';
  }
}

function checkKey(key: unknown, name = 'key'): string {
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
