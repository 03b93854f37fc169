// The constructor of SignalRServiceClient, as a function: the arguments and options checked, one raw
// client for both API versions, the API the v1-era operations use, and where client tokens come from.
import { createClient } from '@hubcast/signalr-rest';
import { createAuthorizer } from '../auth/authorizer.js';
import { isTokenCredential } from '../auth/credentials.js';
import { KeyHolder } from '../auth/sign.js';
import type { LinkPolicy } from '../paging.js';
import { resolveClientArgs } from '../setup.js';
import { createTransport, ownLink, proxyEndpoint } from '../transport.js';
import { requireEndpoint, requireOneOf } from '../validation.js';
import { AccessKeySource } from './access-key.js';
import type { SignalRApi } from './api.js';
import type { SignalRApiVersion, SignalRServiceClientOptions } from './client-options.js';
import { checkConnectionString, clientTarget } from './client-url.js';
import { type CurrentHub, currentApi } from './current-calls.js';
import { generateToken } from './current-operations.js';
import type { ClientTokenSource } from './negotiate.js';
import { v1Api } from './v1-calls.js';

const API_VERSIONS: readonly SignalRApiVersion[] = ['v1', '2024-12-01'];

export function apiVersionOf(value: unknown): SignalRApiVersion {
  return value === undefined ? 'v1' : requireOneOf(value, 'options.apiVersion', API_VERSIONS);
}

export const SCOPE = 'https://signalr.azure.com/.default';

/**
 * The JWT audience of a SignalR REST call, both API versions: the URL without query string and
 * trailing slash. Microsoft's Management SDK signs `RequestUri.GetLeftPart(UriPartial.Path)` on the
 * current API too (AccessTokenHttpMessageHandler.cs in Azure/azure-signalr).
 */
export function signalRAudience(url: string): string {
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '');
}

/** Everything a SignalRServiceClient keeps, built from its constructor arguments. */
export interface WiredClient {
  hubName: string;
  applicationName: string | undefined;
  endpoint: string;
  /** Where `nextLink`s may lead: the endpoint's origin (or the proxy's). */
  links: LinkPolicy;
  apiVersion: SignalRApiVersion;
  /** The API of the operations v1 also has. */
  api: SignalRApi;
  /** The raw client (built on first use) with the hub and application of the current API. */
  current: CurrentHub;
  tokens: ClientTokenSource;
}

export function wireClient(args: readonly unknown[]): WiredClient {
  const resolved = resolveClientArgs<SignalRServiceClientOptions>(
    args,
    checkConnectionString,
    true,
  );
  const { options, connectionString: cs, credential, baseUrl } = resolved;
  const insecure = options.allowInsecureConnection;
  const { applicationName, hub, url } = clientTarget(resolved);
  const apiVersion = apiVersionOf(options.apiVersion);
  const serverEndpoint = cs?.serverEndpoint
    ? requireEndpoint(cs.serverEndpoint, 'connectionString ServerEndpoint', insecure)
    : undefined;
  const keys = isTokenCredential(credential) ? undefined : new KeyHolder(credential);
  // ServerEndpoint, like a reverse proxy, changes where requests go but not their audience.
  const sendTo = proxyEndpoint(options) ?? serverEndpoint;
  // One raw client for both API versions (the runtime is the same), built on first use.
  const raw = createTransport(
    createClient,
    {
      baseUrl,
      audienceOf: signalRAudience,
      authorize: createAuthorizer(credential, SCOPE, keys),
      sendTo,
    },
    options,
  );
  const current: CurrentHub = {
    get client() {
      return raw();
    },
    hub: resolved.hub.toLowerCase(),
    application: applicationName?.toLowerCase(),
    prefixedHub: hub,
  };
  const v1 = {
    get client() {
      return raw();
    },
    hub,
  };
  const api = apiVersion === 'v1' ? v1Api(v1) : currentApi(current);
  const tokens: ClientTokenSource = {
    url,
    keys,
    accessKeys: keys
      ? undefined
      : new AccessKeySource((signal) => api.accessKey({ abortSignal: signal })),
    mint: (userId, minutes, options) => generateToken(current, userId, minutes, options),
  };
  return {
    hubName: resolved.hub,
    applicationName,
    endpoint: resolved.endpoint,
    links: { endpoint: resolved.endpoint, resolve: (link) => ownLink(link, baseUrl, sendTo) },
    apiVersion,
    api,
    current,
    tokens,
  };
}
