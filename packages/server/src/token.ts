// Public surface of `@hubcast/server/token`: client access tokens as plain functions, for edge functions
// and negotiate endpoints that only mint tokens. The service clients carry their whole REST client
// (about 10 KB min+gzip); these functions sign locally with the access key and carry only the checks,
// the connection-string parser and the signer (under 3 KB). They run the same code as
// `WebPubSubServiceClient.getClientAccessToken` and `SignalRServiceClient.negotiate`.
import { type Credential, isTokenCredential, type KeyCredential } from './auth/credentials.js';
import { type HmacKey, importHmacKey } from './auth/hmac.js';
import { resolveClientArgs } from './setup.js';
import { checkConnectionString, clientTarget } from './signalr/client-url.js';
import {
  checkNegotiateOptions,
  type NegotiateResponse,
  negotiateResponse,
} from './signalr/negotiate.js';
import type { SignalRNegotiateOptions, WebPubSubTokenOptions } from './token-options.js';
import {
  type ClientTokenResponse,
  checkTokenOptions,
  signedClientAccess,
} from './webpubsub/client-token.js';

export type { AccessToken, KeyCredential, TokenCredential } from './auth/credentials.js';
export { type ParsedConnectionString, parseConnectionString } from './connection-string.js';
export type { NegotiateOptions, NegotiateResponse } from './signalr/negotiate.js';
export type { SignalRNegotiateOptions, WebPubSubTokenOptions } from './token-options.js';
export type {
  ClientTokenResponse,
  GenerateClientTokenOptions,
  WebPubSubClientProtocol,
} from './webpubsub/client-token.js';

/**
 * A Web PubSub client access token and the URLs to connect with it, signed locally: the same token
 * (claims `role`, `webpubsub.group`, `iat`, `exp`, `aud`, and `sub` for a user) and the same argument
 * checks as `WebPubSubServiceClient.getClientAccessToken`, without the REST client.
 *
 * Takes the client constructor's arguments, `(connectionString, hub, options?)` or
 * `(endpoint, credential, hub, options?)`, with the token options in the same object. The credential
 * must hold the access key: with an Entra ID credential only the service can mint the token, so use
 * `WebPubSubServiceClient` (a TypeError names `credential`).
 *
 * @example
 * ```ts
 * import { getWebPubSubClientAccessToken } from '@hubcast/server/token';
 *
 * export default {
 *   async fetch(request: Request, env: { WPS: string }) {
 *     const { url } = await getWebPubSubClientAccessToken(env.WPS, 'chat', {
 *       userId: 'alice',
 *       roles: ['webpubsub.joinLeaveGroup.room'],
 *     });
 *     return Response.json({ url });
 *   },
 * };
 * ```
 */
export function getWebPubSubClientAccessToken(
  connectionString: string,
  hub: string,
  options?: WebPubSubTokenOptions,
): Promise<ClientTokenResponse>;
export function getWebPubSubClientAccessToken(
  endpoint: string,
  credential: KeyCredential,
  hub: string,
  options?: WebPubSubTokenOptions,
): Promise<ClientTokenResponse>;
export async function getWebPubSubClientAccessToken(
  ...args: unknown[]
): Promise<ClientTokenResponse> {
  const { baseUrl, hub, credential, options } = resolveClientArgs<WebPubSubTokenOptions>(args);
  const key = accessKeyOf(credential, 'WebPubSubServiceClient.getClientAccessToken');
  const checked = checkTokenOptions(options);
  return signedClientAccess(await hmacKey(key), baseUrl, hub, checked);
}

/**
 * The answer of a SignalR negotiate endpoint, `{url, accessToken}`, signed locally: the same URL
 * (`{ClientEndpoint}/client/?hub={hub}`, with `options.applicationName`), claims (`nameid` for a user,
 * custom `claims`) and checks as `SignalRServiceClient.negotiate`, without the REST client.
 *
 * Takes the client constructor's arguments, `(connectionString, hub, options?)` or
 * `(endpoint, credential, hub, options?)`, with the negotiate options in the same object. The
 * credential must hold the access key (a TypeError names `credential` otherwise).
 *
 * @example
 * ```ts
 * import { createSignalRNegotiateResponse } from '@hubcast/server/token';
 *
 * // POST /chat/negotiate, called by @microsoft/signalr's HubConnectionBuilder().withUrl('/chat')
 * export async function POST(request: Request) {
 *   const userId = await authenticate(request);
 *   return Response.json(
 *     await createSignalRNegotiateResponse(process.env.AZURE_SIGNALR!, 'chat', { userId }),
 *   );
 * }
 * ```
 */
export function createSignalRNegotiateResponse(
  connectionString: string,
  hub: string,
  options?: SignalRNegotiateOptions,
): Promise<NegotiateResponse>;
export function createSignalRNegotiateResponse(
  endpoint: string,
  credential: KeyCredential,
  hub: string,
  options?: SignalRNegotiateOptions,
): Promise<NegotiateResponse>;
export async function createSignalRNegotiateResponse(
  ...args: unknown[]
): Promise<NegotiateResponse> {
  const resolved = resolveClientArgs<SignalRNegotiateOptions>(args, checkConnectionString, true);
  const key = accessKeyOf(resolved.credential, 'SignalRServiceClient.negotiate');
  const { url } = clientTarget(resolved);
  const checked = checkNegotiateOptions(resolved.options);
  return negotiateResponse(url, await hmacKey(key), checked);
}

function accessKeyOf(credential: Credential, instead: string): string {
  if (isTokenCredential(credential)) {
    throw new TypeError(`credential must hold an access key; with Entra ID, use ${instead}`);
  }
  return credential.key;
}

// An edge function signs with one key: keep the last imported one, so WebCrypto's importKey is paid
// once per isolate rather than per request.
let lastKey: { accessKey: string; key: Promise<HmacKey> } | undefined;

function hmacKey(accessKey: string): Promise<HmacKey> {
  if (lastKey?.accessKey !== accessKey) lastKey = { accessKey, key: importHmacKey(accessKey) };
  return lastKey.key;
}
