// @hubcast/rest-runtime: the fetch runtime the generated operation functions of the @hubcast raw
// clients import (scripts/lib/client-plugin.mjs names this package as their client module). One
// package, so an app that uses several raw clients loads one runtime and one ResponseError class.
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
