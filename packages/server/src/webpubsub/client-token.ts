// Client access tokens for Web PubSub: the client URL per protocol, and the locally signed token with
// exactly the claims of @azure/web-pubsub (role, webpubsub.group, iat, exp, aud, and sub when a user id
// is given). With an Entra ID credential the service mints the token instead (:generateToken).
import { type HmacKey, nowSeconds, signJwt } from '../auth/sign.js';
import type { OperationOptions } from '../operation-options.js';
import {
  MINUTES_TO_EXPIRE_MIN,
  optionalId,
  optionalInteger,
  optionalStringArray,
  requireOneOf,
} from '../validation.js';

/** The client protocol a token is for, which selects the client endpoint path. */
export type WebPubSubClientProtocol = 'default' | 'mqtt' | 'socketio';
const PROTOCOLS: readonly WebPubSubClientProtocol[] = ['default', 'mqtt', 'socketio'];

/** Options of `getClientAccessToken()`: who connects, with which roles, groups and protocol. */
export interface GenerateClientTokenOptions extends OperationOptions {
  /**
   * The user the connection is for (`sub`). Leave it out for an anonymous connection; an empty or
   * blank id is refused (a RangeError), as `sendToUser('')` is, instead of minting an anonymous token.
   */
  userId?: string;
  /** Roles such as `webpubsub.joinLeaveGroup` or `webpubsub.sendToGroup.<group>`. */
  roles?: string[];
  /** Lifetime in whole minutes (≥ 1); default 60. */
  expirationTimeInMinutes?: number;
  /** Groups the connection joins when it connects. */
  groups?: string[];
  /** `default` (WebSocket), `mqtt` or `socketio`. */
  clientProtocol?: WebPubSubClientProtocol;
}

/** A client access token and the URLs a WebSocket client connects to with it. */
export interface ClientTokenResponse {
  /** The client access token (a JWT). */
  token: string;
  /** The client URL without the token. */
  baseUrl: string;
  /** `baseUrl?access_token=<token>`, ready for a WebSocket client. */
  url: string;
}

export interface CheckedTokenOptions {
  userId?: string;
  roles?: string[];
  groups?: string[];
  minutes?: number;
  protocol: WebPubSubClientProtocol;
}

export function checkTokenOptions(options: GenerateClientTokenOptions): CheckedTokenOptions {
  return {
    userId: optionalId(options.userId, 'options.userId'),
    roles: optionalStringArray(options.roles, 'options.roles'),
    groups: optionalStringArray(options.groups, 'options.groups'),
    minutes: optionalInteger(
      options.expirationTimeInMinutes,
      'options.expirationTimeInMinutes',
      MINUTES_TO_EXPIRE_MIN,
    ),
    protocol:
      options.clientProtocol === undefined
        ? 'default'
        : requireOneOf(options.clientProtocol, 'options.clientProtocol', PROTOCOLS),
  };
}

/** The http(s) client URL of a hub for a protocol (a token's `aud`), e.g. `https://x/client/hubs/chat`. */
export function clientAudience(
  baseUrl: string,
  hub: string,
  protocol: WebPubSubClientProtocol,
): string {
  if (protocol === 'mqtt') return `${baseUrl}/clients/mqtt/hubs/${hub}`;
  if (protocol === 'socketio') return `${baseUrl}/clients/socketio/hubs/${hub}`;
  return `${baseUrl}/client/hubs/${hub}`;
}

/** `https://host/` → `wss://host/`, `http://` → `ws://`. */
export function toWebSocketUrl(httpUrl: string): string {
  // Endpoints come normalized by URL (lower-case scheme, http or https only): a slice, not a regex.
  return `ws${httpUrl.slice(4)}`;
}

export function signClientToken(
  key: HmacKey,
  audience: string,
  options: CheckedTokenOptions,
): Promise<string> {
  const iat = nowSeconds();
  const claims: Record<string, unknown> = {};
  if (options.roles !== undefined) claims.role = options.roles;
  if (options.groups !== undefined) claims['webpubsub.group'] = options.groups;
  claims.iat = iat;
  claims.exp = iat + (options.minutes ?? 60) * 60;
  claims.aud = audience;
  if (options.userId) claims.sub = options.userId;
  return signJwt(key, claims);
}

/** A token signed locally with the access key, and the URLs to connect with it. */
export async function signedClientAccess(
  key: HmacKey,
  baseUrl: string,
  hub: string,
  checked: CheckedTokenOptions,
): Promise<ClientTokenResponse> {
  const audience = clientAudience(baseUrl, hub, checked.protocol);
  return tokenResponse(toWebSocketUrl(audience), await signClientToken(key, audience, checked));
}

export function tokenResponse(baseUrl: string, token: string): ClientTokenResponse {
  return { token, baseUrl, url: `${baseUrl}?access_token=${token}` };
}
