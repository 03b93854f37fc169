// The constructor helpers of SignalRServiceClient: the token scope and audience of REST calls, the
// connection string check, and the `{applicationName}_{hub}` prefix.
import type { ParsedConnectionString } from '../connection-string.js';
import { HUB_PATTERN, requireHub } from '../validation.js';

export const SCOPE = 'https://signalr.azure.com/.default';

/** The JWT audience of a SignalR REST call: the URL without query string and trailing slash. */
export function signalRAudience(url: string): string {
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '');
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
  requireHub(applicationName, 'options.applicationName');
  const prefixed = `${applicationName}_${hub}`;
  if (!HUB_PATTERN.test(prefixed)) {
    throw new RangeError('options.applicationName and hub together must be at most 127 characters');
  }
  return prefixed.toLowerCase();
}
