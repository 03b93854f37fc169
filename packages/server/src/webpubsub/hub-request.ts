// The common parts of every raw hub call: the client, the hub path, the api-version and the signal.
import type { HubContext } from './context.js';

export function hubRequest<P extends object, Q extends object>(
  hub: HubContext,
  path: P,
  query: Q,
  signal?: AbortSignal,
) {
  return {
    client: hub.client,
    path: { hub: hub.hub, ...path },
    query: { 'api-version': hub.apiVersion, ...query },
    signal,
  };
}
