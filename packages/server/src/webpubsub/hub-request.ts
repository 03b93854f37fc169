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
  // Object.assign, not spreads: this runs on every call, and V8 copies much faster this way.
  return Object.assign(
    {
      client: hub.client,
      path: Object.assign({ hub: hub.hub }, path),
      query: Object.assign({ 'api-version': hub.apiVersion }, query),
    },
    callOptions(options),
  );
}
