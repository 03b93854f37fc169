// The common parts of every raw hub call: the client, the hub path, the api-version and the call's
// options (abort signal, request options, onResponse).
import type { OperationOptions } from '../operation-options.js';
import { callOptions } from '../transport.js';
import type { HubContext } from './context.js';

export function hubRequest<P extends object, Q extends object>(
  hub: HubContext,
  path: P,
  query: Q,
  options?: OperationOptions,
) {
  return {
    client: hub.client,
    path: { hub: hub.hub, ...path },
    query: { 'api-version': hub.apiVersion, ...query },
    ...callOptions(options),
  };
}
