// hubcast's client runtime for the generated operation functions, emitted into each generated folder
// as `client/` by `pnpm generate` (scripts/lib/client-plugin.mjs). Source: scripts/runtime/.
export { createClient, createConfig } from './client.js';
export {
  type ErrInterceptor,
  Interceptors,
  type Middleware,
  type ReqInterceptor,
  type ResInterceptor,
} from './interceptors.js';
export { missingClient } from './missing-client.js';
export { ResponseError } from './response-error.js';
export { buildUrl, jsonBodySerializer, mergeHeaders } from './serialize.js';
export type {
  Auth,
  AuthToken,
  BodySerializer,
  Client,
  ClientMeta,
  ClientOptions,
  Config,
  CreateClientConfig,
  FetchFn,
  HeadersOption,
  HttpMethod,
  Options,
  QuerySerializer,
  QuerySerializerOptions,
  RequestOptions,
  RequestResult,
  ResolvedRequestOptions,
  ResponseStyle,
  TDataShape,
} from './types.js';
