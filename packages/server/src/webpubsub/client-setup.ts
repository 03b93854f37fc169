// The constructor of WebPubSubServiceClient, as a function: the arguments and options checked, the
// signing key, and the hub context (raw client built on first use, hub path, api-version) that the
// client and its groups share.
import { createClient } from '@hubcast/webpubsub-rest';
import { createAuthorizer } from '../auth/authorizer.js';
import { isTokenCredential } from '../auth/credentials.js';
import { KeyHolder } from '../auth/sign.js';
import { resolveClientArgs } from '../setup.js';
import { createTransport, ownLink, proxyEndpoint } from '../transport.js';
import { requireId } from '../validation.js';
import type { WebPubSubServiceClientOptions } from './client-options.js';
import type { HubContext } from './context.js';
import { sendPayloadToGroup } from './hub-sends.js';

export const DEFAULT_WEBPUBSUB_API_VERSION = '2024-12-01';
export const SCOPE = 'https://webpubsub.azure.com/.default';

/** Everything a WebPubSubServiceClient keeps, built from its constructor arguments. */
export interface WiredHub {
  hubName: string;
  apiVersion: string;
  endpoint: string;
  /** The endpoint normalized (origin + path), the base of client URLs. */
  baseUrl: string;
  /** The access key, imported once; undefined with an Entra ID credential. */
  keys: KeyHolder | undefined;
  context: HubContext;
}

export function wireHub(args: readonly unknown[]): WiredHub {
  const resolved = resolveClientArgs<WebPubSubServiceClientOptions>(args);
  const { options, baseUrl, credential } = resolved;
  const apiVersion =
    options.apiVersion === undefined
      ? DEFAULT_WEBPUBSUB_API_VERSION
      : requireId(options.apiVersion, 'options.apiVersion');
  const keys = isTokenCredential(credential) ? undefined : new KeyHolder(credential);
  const sendTo = proxyEndpoint(options);
  // The raw client, built on first use (see createTransport).
  const raw = createTransport(
    createClient,
    {
      baseUrl,
      // Web PubSub signs the whole URL, query string included.
      audienceOf: (url) => url,
      authorize: createAuthorizer(credential, SCOPE, keys),
      sendTo,
    },
    options,
  );
  const context: HubContext = {
    get client() {
      return raw();
    },
    hub: resolved.hub,
    apiVersion,
    endpoint: resolved.endpoint,
    resolveLink: (link) => ownLink(link, baseUrl, sendTo),
    sendToGroup: (group, payload, query, callOptions) =>
      sendPayloadToGroup(context, group, payload, query, callOptions),
  };
  return { hubName: resolved.hub, apiVersion, endpoint: resolved.endpoint, baseUrl, keys, context };
}
