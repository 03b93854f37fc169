// Client tokens for SignalR serverless negotiate: `{url, accessToken}` where url is
// `{clientEndpoint}/client/?hub={hub}`, the token's aud is that exact url, and the user id goes in
// `nameid`. Custom claims are added first and may not use the names the service reserves.
import { type HmacKey, type KeyHolder, nowSeconds, signJwt } from '../auth/sign.js';
import type { OperationOptions } from '../operation-options.js';
import { MINUTES_TO_EXPIRE_MIN, optionalId, optionalInteger } from '../validation.js';
import type { AccessKeySource } from './access-key.js';
import type { SignalRClientTokenOptions } from './client-options.js';

/** Options of `negotiate()`: who the client connects as and for how long. */
export interface NegotiateOptions {
  /**
   * The user the client connects as (`nameid`). Leave it out for an anonymous connection; an empty or
   * blank id is refused (a RangeError), as `sendToUser('')` is, rather than silently made anonymous.
   */
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
  const userId = optionalId(options.userId, 'options.userId');
  const minutes =
    optionalInteger(options.expiresInMinutes, 'options.expiresInMinutes', MINUTES_TO_EXPIRE_MIN) ??
    60;
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
  key: HmacKey,
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

/** Where client tokens come from: the access key, the service's signing key, or `:generateToken`. */
export interface ClientTokenSource {
  /** The client URL, `{clientEndpoint}/client/?hub={hub}`; also the token's audience. */
  readonly url: string;
  /** The access key (key credentials); undefined with an Entra ID credential. */
  readonly keys: KeyHolder | undefined;
  /** The service's temporary signing key (Entra ID credentials). */
  readonly accessKeys: AccessKeySource | undefined;
  /** A token minted by the service with `:generateToken` (Entra ID credentials). */
  readonly mint: (
    userId: string | undefined,
    minutes: number | undefined,
    options?: OperationOptions,
  ) => Promise<string>;
}

/** `{url, accessToken}`: the client URL and a token for it, signed with `key` (and its `kid`). */
export async function negotiateResponse(
  url: string,
  key: HmacKey,
  checked: CheckedNegotiate,
  kid?: string,
): Promise<NegotiateResponse> {
  return { url, accessToken: await signNegotiateToken(key, url, checked, kid) };
}

/** negotiate(): signs locally, with the access key or the service's signing key (`kid`). */
export async function negotiateWith(
  source: ClientTokenSource,
  options: NegotiateOptions,
): Promise<NegotiateResponse> {
  const checked = checkNegotiateOptions(options);
  if (source.keys) return negotiateResponse(source.url, await source.keys.current().key, checked);
  const signing = await (source.accessKeys as AccessKeySource).get(options.abortSignal);
  return negotiateResponse(source.url, signing.key, checked, signing.kid);
}

/** generateClientToken(): signs locally with the access key, or has the service mint the token. */
export async function generateClientTokenWith(
  source: ClientTokenSource,
  options: SignalRClientTokenOptions,
): Promise<NegotiateResponse> {
  const userId = optionalId(options.userId, 'options.userId');
  const minutes = optionalInteger(
    options.expiresInMinutes,
    'options.expiresInMinutes',
    MINUTES_TO_EXPIRE_MIN,
  );
  if (source.keys) {
    const checked = { userId, claims: {}, lifetimeSeconds: (minutes ?? 60) * 60 };
    return negotiateResponse(source.url, await source.keys.current().key, checked);
  }
  return { url: source.url, accessToken: await source.mint(userId, minutes, options) };
}
