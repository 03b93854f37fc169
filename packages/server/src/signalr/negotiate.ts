// Client tokens for SignalR serverless negotiate: `{url, accessToken}` where url is
// `{clientEndpoint}/client/?hub={hub}`, the token's aud is that exact url, and the user id goes in
// `nameid`. Custom claims are added first and may not use the names the service reserves.
import { nowSeconds, signJwt } from '../auth/sign.js';
import { optionalInteger, optionalString } from '../validation.js';

/** Options of `negotiate()`: who the client connects as and for how long. */
export interface NegotiateOptions {
  /** The user the client connects as (`nameid`). */
  userId?: string;
  /** Extra claims for the hub's `Context.User`; they cannot replace the system claims. */
  claims?: Record<string, unknown>;
  /** Token lifetime in whole minutes (≥ 1); default 60. */
  expiresInMinutes?: number;
  /** Aborts fetching a signing key (Entra ID credentials only). */
  abortSignal?: AbortSignal;
}

/** What a SignalR client needs to connect to the service, as a negotiate endpoint returns it. */
export interface NegotiateResponse {
  /** Where the @microsoft/signalr client connects. */
  url: string;
  /** The client's bearer token for `url`. */
  accessToken: string;
}

const RESERVED_CLAIMS = new Set(['aud', 'exp', 'iat', 'nbf', 'nameid', 'sub', 'iss', 'jti']);
/** The service's own claims use this prefix (for example `asrs.s.uid`). */
const RESERVED_PREFIX = 'asrs.s.';
/** The service rejects client tokens of 4 KB or more. */
const MAX_TOKEN_LENGTH = 4096;

export interface CheckedNegotiate {
  userId?: string;
  claims: Record<string, unknown>;
  lifetimeSeconds: number;
}

export function checkNegotiateOptions(options: NegotiateOptions): CheckedNegotiate {
  const userId = optionalString(options.userId, 'options.userId');
  const minutes = optionalInteger(options.expiresInMinutes, 'options.expiresInMinutes', 1) ?? 60;
  const claims = options.claims ?? {};
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new TypeError('options.claims must be an object');
  }
  for (const name of Object.keys(claims)) {
    if (RESERVED_CLAIMS.has(name) || name.startsWith(RESERVED_PREFIX)) {
      throw new RangeError(
        `options.claims.${name} is a system claim; use options.userId or options.expiresInMinutes`,
      );
    }
  }
  return { userId, claims, lifetimeSeconds: minutes * 60 };
}

export async function signNegotiateToken(
  key: CryptoKey,
  audience: string,
  checked: CheckedNegotiate,
  kid?: string,
): Promise<string> {
  const iat = nowSeconds();
  const claims: Record<string, unknown> = { ...checked.claims };
  if (checked.userId) claims.nameid = checked.userId;
  claims.aud = audience;
  claims.iat = iat;
  claims.exp = iat + checked.lifetimeSeconds;
  const token = await signJwt(key, claims, kid);
  if (token.length >= MAX_TOKEN_LENGTH) {
    throw new RangeError(
      'options.claims make the client token 4 KB or larger, which the service rejects',
    );
  }
  return token;
}
