// Where a SignalR client connects, from the constructor arguments: `{clientEndpoint}/client/?hub={hub}`,
// with the connection string's ClientEndpoint and the application-name prefix. Shared by
// SignalRServiceClient and the REST-free negotiate of `@hubcast/server/token`.
import type { ParsedConnectionString } from '../connection-string.js';
import type { ClientArgs } from '../setup.js';
import { optionalString, requireEndpoint, requireHub, SIGNALR_HUB_PATTERN } from '../validation.js';

/** The constructor options that shape the client URL. */
export interface ClientUrlOptions {
  applicationName?: string;
  allowInsecureConnection?: boolean;
}

export function checkConnectionString(parsed: ParsedConnectionString): void {
  if (!parsed.accessKey && parsed.authType && /^azure/i.test(parsed.authType)) {
    throw new TypeError(
      `connectionString uses AuthType=${parsed.authType}: pass the Entra ID credential with new SignalRServiceClient(endpoint, credential, hub)`,
    );
  }
}

/** `{app}_{hub}`, lowercased as the service and the .NET SDK use it. */
export function prefixedHub(hub: string, applicationName: string | undefined): string {
  if (applicationName === undefined) return hub.toLowerCase();
  requireHub(applicationName, 'options.applicationName', true);
  const prefixed = `${applicationName}_${hub}`;
  if (!SIGNALR_HUB_PATTERN.test(prefixed)) {
    throw new RangeError('options.applicationName and hub together must be at most 127 characters');
  }
  return prefixed.toLowerCase();
}

export interface ClientTarget {
  applicationName: string | undefined;
  /** The hub as the service names it (application prefix, lower case). */
  hub: string;
  /** `{clientEndpoint}/client/?hub={hub}`: where clients connect, and their tokens' audience. */
  url: string;
}

export function clientTarget(resolved: ClientArgs<ClientUrlOptions>): ClientTarget {
  const { options, connectionString: cs } = resolved;
  const applicationName = optionalString(options.applicationName, 'options.applicationName');
  const hub = prefixedHub(resolved.hub, applicationName);
  const clientEndpoint = cs?.clientEndpoint
    ? requireEndpoint(
        cs.clientEndpoint,
        'connectionString ClientEndpoint',
        options.allowInsecureConnection,
      )
    : resolved.baseUrl;
  return { applicationName, hub, url: `${clientEndpoint}/client/?hub=${encodeURIComponent(hub)}` };
}
