// Public surface of @hubcast/signalr-rest: every generated operation function and type, plus the
// client factory so each caller can own its client instance instead of configuring a global one.

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
export * from './generated/index.js';
