// Shared constructor logic of both service clients: the two argument forms
// (connectionString, hub, options?) and (endpoint, credential, hub, options?), checked before use.
import { type Credential, requireCredential } from './auth/credentials.js';
import { type ParsedConnectionString, parseConnectionString } from './connection-string.js';
import type { TransportOptions } from './transport.js';
import { requireEndpoint, requireHub } from './validation.js';

export interface ClientArgs<O> {
  /** The endpoint as the caller gave it (or as parsed from the connection string). */
  endpoint: string;
  /** The endpoint normalized: origin + path, no trailing slash. */
  baseUrl: string;
  credential: Credential;
  hub: string;
  options: O;
  connectionString?: ParsedConnectionString;
}

export function resolveClientArgs<O extends TransportOptions>(
  args: readonly unknown[],
  onConnectionString?: (parsed: ParsedConnectionString) => void,
  signalR = false,
): ClientArgs<O> {
  const [first, second, third, fourth] = args;
  let endpoint: string;
  let credential: Credential;
  let hub: unknown;
  let options: unknown;
  let connectionString: ParsedConnectionString | undefined;
  if (typeof second === 'object' && second !== null) {
    endpoint = first as string;
    credential = requireCredential(second);
    hub = third;
    options = fourth;
  } else {
    connectionString = parseConnectionString(first);
    onConnectionString?.(connectionString);
    if (!connectionString.accessKey) {
      throw new TypeError('connectionString is missing AccessKey');
    }
    endpoint = connectionString.endpoint;
    // A plain object: it stays in the client's private fields, never in inspect output.
    credential = { key: connectionString.accessKey };
    hub = second;
    options = third;
  }
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new TypeError('options must be an object');
  }
  const resolved = (options ?? {}) as O;
  const baseUrl = requireEndpoint(endpoint, 'endpoint', resolved.allowInsecureConnection);
  return {
    endpoint,
    baseUrl,
    credential,
    hub: requireHub(hub, 'hub', signalR),
    options: resolved,
    connectionString,
  };
}
