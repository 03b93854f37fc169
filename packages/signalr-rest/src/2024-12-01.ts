// Public surface of @hubcast/signalr-rest/2024-12-01: the current SignalR REST API (routes under
// /api/hubs/{hub} with an api-version query), generated from specs/signalr.yaml. It is a subpath of its
// own so its names (PayloadMessage, signalRBroadcast, ...) never clash with the v1 ones at the root.

export {
  type Auth,
  type Client,
  type ClientOptions as CreateClientOptions,
  type Config,
  type CreateClientConfig,
  createClient,
  createConfig,
  mergeHeaders,
  type RequestOptions,
  type RequestResult,
  type ResolvedRequestOptions,
  ResponseError,
} from '@hubcast/rest-runtime';
export * from './generated-2024-12-01/index.js';
