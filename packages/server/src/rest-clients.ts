// Ready clients for the generated operations of @hubcast/webpubsub-rest and @hubcast/signalr-rest (both
// of its entry points): every request signed for its own URL, sent with hubcast's retries, timeouts,
// User-Agent, request ids and hooks, with the default api-version when a call leaves it out, and error
// bodies redacted. For callers who want the bare operations without writing a signer.
import {
  createClient as createSignalRClient,
  type Client as SignalRRestClient,
} from '@hubcast/signalr-rest';
import {
  createClient as createWebPubSubClient,
  type Client as WebPubSubRestClient,
} from '@hubcast/webpubsub-rest';
import { createAuthorizer } from './auth/authorizer.js';
import { isTokenCredential, type KeyCredential, type TokenCredential } from './auth/credentials.js';
import type { AzureKeyCredential } from './auth/key-credential.js';
import { KeyHolder } from './auth/sign.js';
import type { ParsedConnectionString } from './connection-string.js';
import { redactParsed } from './response-error.js';
import { resolveEndpointArgs } from './setup.js';
import { SCOPE as SIGNALR_SCOPE, signalRAudience } from './signalr/client-setup.js';
import { checkConnectionString } from './signalr/client-url.js';
import { createTransport, proxyEndpoint, type TransportOptions } from './transport.js';
import { requireEndpoint, requireId } from './validation.js';
import { SCOPE as WEBPUBSUB_SCOPE } from './webpubsub/client-setup.js';

export type { SignalRRestClient, WebPubSubRestClient };

/** Options of the raw REST clients: the transport options of the service clients, plus the api-version. */
export interface RestClientOptions extends TransportOptions {
  /** The api-version added to requests that carry none (default `2024-12-01`; v1 SignalR routes get none). */
  apiVersion?: string;
}

/** The arguments of a raw client: a connection string, or an endpoint and a credential. */
export type RestClientArgs =
  | [
      endpoint: string,
      credential: AzureKeyCredential | KeyCredential | TokenCredential,
      options?: RestClientOptions,
    ]
  | [connectionString: string, options?: RestClientOptions];

const DEFAULT_API_VERSION = '2024-12-01';

/** `url` with `api-version` added when it has none (the v1 SignalR routes take none). */
function withApiVersion(url: string, version: string): string {
  if (/[?&]api-version=/.test(url) || url.includes('/api/v1/')) return url;
  return `${url}${url.includes('?') ? '&' : '?'}api-version=${encodeURIComponent(version)}`;
}

/** Both packages bundle the same runtime, so one builder serves both (typed as the Web PubSub one). */
function restClient(
  createClient: typeof createWebPubSubClient,
  args: readonly unknown[],
  scope: string,
  audienceOf: (url: string) => string,
  onConnectionString?: (parsed: ParsedConnectionString) => void,
): WebPubSubRestClient {
  const [first, second, third] = args;
  const credential =
    isTokenCredential(second) || (second as KeyCredential | null)?.key !== undefined;
  const resolved = resolveEndpointArgs<RestClientOptions>(
    first,
    credential ? second : undefined,
    credential ? third : second,
    onConnectionString,
  );
  const { options, connectionString: cs } = resolved;
  const apiVersion =
    options.apiVersion === undefined
      ? DEFAULT_API_VERSION
      : requireId(options.apiVersion, 'options.apiVersion');
  const keys = isTokenCredential(resolved.credential)
    ? undefined
    : new KeyHolder(resolved.credential);
  const server = cs?.serverEndpoint
    ? requireEndpoint(
        cs.serverEndpoint,
        'connectionString ServerEndpoint',
        options.allowInsecureConnection,
      )
    : undefined;
  const client = createTransport(
    createClient,
    {
      baseUrl: resolved.baseUrl,
      audienceOf,
      authorize: createAuthorizer(resolved.credential, scope, keys),
      sendTo: proxyEndpoint(options) ?? server,
      prepare: (url) => withApiVersion(url, apiVersion),
      parseAs: 'auto',
    },
    options,
  )();
  client.interceptors.error.use(redactParsed);
  return client;
}

/**
 * A client for the operations of `@hubcast/webpubsub-rest`, ready to call any of them: each request
 * is signed for its own URL (an access key's HS256 token, or an Entra ID bearer token), retried as
 * the service clients retry, and given `api-version` 2024-12-01 when the call has none. Results keep
 * the generated shape (`{ data, error, response }`); `throwOnError: true` throws a `ResponseError`.
 *
 * @example
 * ```ts
 * import { createWebPubSubRestClient } from '@hubcast/server';
 * import { webPubSubSendToAll } from '@hubcast/webpubsub-rest';
 *
 * const client = createWebPubSubRestClient(process.env.WEBPUBSUB_CONNECTION_STRING!);
 * const { response } = await webPubSubSendToAll({
 *   client,
 *   path: { hub: 'chat' },
 *   query: { 'api-version': '2024-12-01' },
 *   body: { hello: 'world' },
 * });
 * ```
 */
export function createWebPubSubRestClient(...args: RestClientArgs): WebPubSubRestClient {
  return restClient(createWebPubSubClient, args, WEBPUBSUB_SCOPE, (url) => url);
}

/**
 * A client for the operations of `@hubcast/signalr-rest` and `@hubcast/signalr-rest/2024-12-01` (one
 * client serves both APIs), signed per request (the audience is the URL without its query, as the
 * service expects), retried, and given `api-version` 2024-12-01 on the current API's routes when the
 * call has none. A connection string's `ServerEndpoint` is where requests go.
 *
 * @example
 * ```ts
 * import { createSignalRRestClient } from '@hubcast/server';
 * import { signalRBroadcast } from '@hubcast/signalr-rest';
 * import { signalRListConnectionsInGroup } from '@hubcast/signalr-rest/2024-12-01';
 *
 * const client = createSignalRRestClient(process.env.SIGNALR_CONNECTION_STRING!);
 * await signalRBroadcast({ client, path: { hub: 'chat' }, body: { Target: 'newMessage', Arguments: ['hi'] } });
 * const { data } = await signalRListConnectionsInGroup({
 *   client,
 *   path: { hub: 'chat', group: 'room' },
 *   query: { 'api-version': '2024-12-01' },
 * });
 * ```
 */
export function createSignalRRestClient(...args: RestClientArgs): SignalRRestClient {
  return restClient(
    createSignalRClient as unknown as typeof createWebPubSubClient,
    args,
    SIGNALR_SCOPE,
    signalRAudience,
    checkConnectionString,
  ) as unknown as SignalRRestClient;
}
