// Produces the Authorization header for a request: an HS256 JWT whose aud is the request's audience
// (key credential), or a Microsoft Entra ID bearer token (token credential). Both are cached.
import { type Credential, isTokenCredential, type TokenCredential } from './credentials.js';
import { KeyHolder, nowSeconds, signJwt } from './sign.js';
import { TokenCache } from './token-cache.js';

/** Returns `Bearer <token>` for a request to `audience`. */
export type Authorizer = (audience: string, signal?: AbortSignal) => Promise<string>;

/** REST tokens live 1 h, as the official SDKs sign them. */
export const REST_TOKEN_LIFETIME_SECONDS = 3600;
/** A cached REST token is replaced this long before it expires. */
const RENEW_BEFORE_EXPIRY_MS = 5 * 60 * 1000;
/** An Entra ID token is renewed this long before it expires. */
const ENTRA_RENEW_BEFORE_EXPIRY_MS = 2 * 60 * 1000;

/** `keys` lets a client share one imported key between REST and client tokens. */
export function createAuthorizer(
  credential: Credential,
  scope: string,
  keys?: KeyHolder,
): Authorizer {
  return isTokenCredential(credential)
    ? entraAuthorizer(credential, scope)
    : keyAuthorizer(keys ?? new KeyHolder(credential));
}

function keyAuthorizer(holder: KeyHolder): Authorizer {
  const cache = new TokenCache();
  return async (audience) => {
    const now = Date.now();
    const { key, rotated } = holder.current();
    if (rotated) cache.clear();
    const cached = cache.get(audience, now);
    if (cached !== undefined) return cached;
    const iat = nowSeconds();
    const exp = iat + REST_TOKEN_LIFETIME_SECONDS;
    const header = `Bearer ${await signJwt(await key, { aud: audience, iat, exp })}`;
    cache.set(audience, header, exp * 1000 - RENEW_BEFORE_EXPIRY_MS);
    return header;
  };
}

function entraAuthorizer(credential: TokenCredential, scope: string): Authorizer {
  let current: { header: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  const refresh = async (signal?: AbortSignal): Promise<string> => {
    const token = await credential.getToken(scope, signal ? { abortSignal: signal } : {});
    if (!token?.token) throw new Error(`credential.getToken(${scope}) returned no token`);
    const header = `Bearer ${token.token}`;
    current = {
      header,
      renewAt:
        token.refreshAfterTimestamp ?? token.expiresOnTimestamp - ENTRA_RENEW_BEFORE_EXPIRY_MS,
    };
    return header;
  };
  return (_audience, signal) => {
    if (current && Date.now() < current.renewAt) return Promise.resolve(current.header);
    // Concurrent requests share one getToken call.
    pending ??= refresh(signal).finally(() => {
      pending = undefined;
    });
    return pending;
  };
}
