// Shared constructor logic: the two argument forms (connectionString, …, options?) and
// (endpoint, credential, …, options?), checked before use. The service clients take a hub after the
// credential (or connection string); the raw REST clients do not.
import { type Credential, requireCredential } from './auth/credentials.js';
import { type ParsedConnectionString, parseConnectionString } from './connection-string.js';
import type { TransportOptions } from './transport.js';
import { requireEndpoint, requireHub } from './validation.js';

export interface EndpointArgs<O> {
  /** The endpoint as the caller gave it (or as parsed from the connection string). */
  endpoint: string;
  /** The endpoint normalized: origin + path, no trailing slash. */
  baseUrl: string;
  credential: Credential;
  options: O;
  connectionString?: ParsedConnectionString;
}

export interface ClientArgs<O> extends EndpointArgs<O> {
  hub: string;
}

/**
 * The endpoint, credential and options: from `first` as a connection string when `credential` is
 * undefined, else from `first` as the endpoint and `credential`.
 */
export function resolveEndpointArgs<O extends TransportOptions>(
  first: unknown,
  credential: unknown,
  options: unknown,
  onConnectionString?: (parsed: ParsedConnectionString) => void,
): EndpointArgs<O> {
  let endpoint = first as string;
  let connectionString: ParsedConnectionString | undefined;
  if (credential === undefined) {
    connectionString = parseConnectionString(first);
    onConnectionString?.(connectionString);
    if (!connectionString.accessKey) throw new TypeError('connectionString is missing AccessKey');
    endpoint = connectionString.endpoint;
    // A plain object: it stays in the client's private fields, never in inspect output.
    credential = { key: connectionString.accessKey };
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('options must be an object');
  }
  const resolved = (options ?? {}) as O;
  return {
    endpoint,
    baseUrl: requireEndpoint(endpoint, 'endpoint', resolved.allowInsecureConnection),
    credential: requireCredential(credential),
    options: resolved,
    connectionString,
  };
}

/** (connectionString, hub, options?) or (endpoint, credential, hub, options?). */
export function resolveClientArgs<O extends TransportOptions>(
  args: readonly unknown[],
  onConnectionString?: (parsed: ParsedConnectionString) => void,
  signalR = false,
): ClientArgs<O> {
  const [first, second, third, fourth] = args;
  const withCredential = typeof second === 'object' && second !== null;
  const resolved = resolveEndpointArgs<O>(
    first,
    withCredential ? second : undefined,
    withCredential ? fourth : third,
    onConnectionString,
  );
  return { ...resolved, hub: requireHub(withCredential ? third : second, 'hub', signalR) };
}
