// The public types of hubcast's client runtime. They keep the names and shapes of the
// `@hey-api/client-fetch` runtime this replaced, so the generated operation functions (sdk.gen.ts)
// type-check against them unchanged and callers' code keeps compiling.
import type { Middleware } from './interceptors.js';

/** HTTP methods a client has a function for. */
export type HttpMethod =
  | 'connect'
  | 'delete'
  | 'get'
  | 'head'
  | 'options'
  | 'patch'
  | 'post'
  | 'put'
  | 'trace';

/** A token (or nothing) for a security requirement. */
export type AuthToken = string | undefined;

/** How an operation's security requirement is applied: where the token goes and with which scheme. */
export interface Auth {
  /** Which part of the request carries the token (default `header`). */
  in?: 'header' | 'query' | 'cookie';
  /** A unique identifier of the security scheme, when several would otherwise look the same. */
  key?: string;
  /** Header, query parameter or cookie name (default `Authorization`). */
  name?: string;
  /** Prefix for the token (`Bearer` or `Basic`); none sends it as is. */
  scheme?: 'basic' | 'bearer';
  /** OpenAPI security scheme type: `http` (bearer/basic) or `apiKey`. */
  type: 'apiKey' | 'http';
}

/** Turns a request body into what fetch sends. */
export type BodySerializer = (body: unknown) => unknown;

/** Turns the query parameters into a query string (without `?`). */
export type QuerySerializer = (query: Record<string, unknown>) => string;

/** Options of the built-in query serializer. */
export interface QuerySerializerOptions {
  /** Send reserved characters (`:/?#[]@!$&'()*+,;=`) unencoded. Default false. */
  allowReserved?: boolean;
}

/** Header values a client or a call may give: `null` removes a header, arrays repeat it, objects go as JSON. */
export type HeadersOption =
  | RequestInit['headers']
  | Record<
      string,
      string | number | boolean | (string | number | boolean)[] | null | undefined | unknown
    >;

/**
 * fetch as the runtime calls it: `(url, init, options)` when no request or response interceptor is
 * registered, `(request)` otherwise. `options` (the call's resolved options) lets a wrapper see more
 * than the wire request; any WHATWG fetch ignores it.
 */
export type FetchFn = (
  input: string | URL | Request,
  init?: RequestInit,
  options?: ResolvedRequestOptions,
) => Promise<Response>;

/** Type-level options of a client: base URL, response style and whether it throws. */
export interface ClientOptions {
  /** Base URL of the service. */
  baseUrl?: string;
  /** Return only the data, or all fields of the result. */
  responseStyle?: ResponseStyle;
  /** Throw errors instead of returning them in the result. */
  throwOnError?: boolean;
}

/** `data`: an operation resolves to the parsed body alone; `fields`: to `{ data, error, request, response }`. */
export type ResponseStyle = 'data' | 'fields';

/** Client configuration: fetch options plus base URL, auth, serializers and response handling. */
export interface Config<T extends ClientOptions = ClientOptions>
  extends Omit<RequestInit, 'body' | 'headers' | 'method'> {
  /** Base URL for all requests made by this client. */
  baseUrl?: T['baseUrl'];
  /** A token, or a function returning one, for operations that declare security. */
  auth?: ((auth: Auth) => Promise<AuthToken> | AuthToken) | AuthToken;
  /** Serializes the request body (default: JSON; BigInts as strings). `null` sends the body as is. */
  bodySerializer?: BodySerializer | null;
  /** The fetch to send with (default `globalThis.fetch`). */
  fetch?: FetchFn | typeof fetch;
  /** Headers of every request. */
  headers?: HeadersOption;
  /** The request method. */
  method?: Uppercase<HttpMethod>;
  /** How success bodies are read; `auto` (the default) goes by the response's Content-Type. */
  parseAs?: 'arrayBuffer' | 'auto' | 'blob' | 'formData' | 'json' | 'stream' | 'text';
  /** Serializes the query parameters (default: arrays repeat their key, objects as `name[key]=value`). */
  querySerializer?: QuerySerializer | QuerySerializerOptions;
  /** Checks the request options before anything is sent. */
  requestValidator?: (data: unknown) => Promise<unknown>;
  /** Transforms a parsed JSON success body before it is returned. */
  responseTransformer?: (data: unknown) => Promise<unknown>;
  /** Checks a parsed JSON success body before it is transformed and returned. */
  responseValidator?: (data: unknown) => Promise<unknown>;
  /** Return only the data, or all fields of the result (default `fields`). */
  responseStyle?: ResponseStyle;
  /** Throw the error instead of returning it in the result (default false). */
  throwOnError?: T['throwOnError'];
}

/**
 * Options of one request: the client configuration plus URL, path, query, body and security. (The first type
 * parameter is kept for the generated code's type arguments.)
 */
export interface RequestOptions<
  _TData = unknown,
  TResponseStyle extends ResponseStyle = 'fields',
  ThrowOnError extends boolean = boolean,
  Url extends string = string,
> extends Config<{
    /** Return only the data, or all fields of the result. */
    responseStyle: TResponseStyle;
    /** Throw the error instead of returning it in the result. */
    throwOnError: ThrowOnError;
  }> {
  /** The request body, serialized by `bodySerializer`. */
  body?: unknown;
  /** Path parameters, substituted into `url`. */
  path?: Record<string, unknown>;
  /** Query parameters; an array repeats its key. */
  query?: Record<string, unknown>;
  /** The operation's security requirements; `auth` supplies their tokens. */
  security?: ReadonlyArray<Auth>;
  /** Path template of the operation, relative to the client's `baseUrl`. */
  url: Url;
}

/** Request options after defaults are applied and the body is serialized, as interceptors see them. */
export interface ResolvedRequestOptions<
  TResponseStyle extends ResponseStyle = 'fields',
  ThrowOnError extends boolean = boolean,
  Url extends string = string,
> extends RequestOptions<unknown, TResponseStyle, ThrowOnError, Url> {
  /** The merged headers of the client and the call. */
  headers: Headers;
  /** The body as sent, after serialization. */
  serializedBody?: unknown;
}

type Unwrap<T> = T extends Record<string, unknown> ? T[keyof T] : T;

/** What an operation resolves to: the data alone (`responseStyle: "data"`) or `{ data, error, request, response }`; with `throwOnError` the error is thrown instead. */
export type RequestResult<
  TData = unknown,
  TError = unknown,
  ThrowOnError extends boolean = boolean,
  TResponseStyle extends ResponseStyle = 'fields',
> = ThrowOnError extends true
  ? Promise<
      TResponseStyle extends 'data'
        ? Unwrap<TData>
        : {
            /** The parsed success body. */
            data: Unwrap<TData>;
            /** The request that was sent. */
            request: Request;
            /** The response that was received. */
            response: Response;
          }
    >
  : Promise<
      TResponseStyle extends 'data'
        ? Unwrap<TData> | undefined
        : (
            | {
                /** The parsed success body. */
                data: Unwrap<TData>;
                /** Undefined: the request succeeded. */
                error: undefined;
              }
            | {
                /** Undefined: the request failed. */
                data: undefined;
                /** The parsed error body (`{}` when the response has none). */
                error: Unwrap<TError>;
              }
          ) & {
            /** The request; undefined when building it failed. */
            request?: Request;
            /** The response; undefined when none arrived (a network error, or building the request failed). */
            response?: Response;
          }
    >;

type MethodFn = <
  TData = unknown,
  TError = unknown,
  ThrowOnError extends boolean = false,
  TResponseStyle extends ResponseStyle = 'fields',
>(
  options: Omit<RequestOptions<TData, TResponseStyle, ThrowOnError>, 'method'>,
) => RequestResult<TData, TError, ThrowOnError, TResponseStyle>;

type RequestFn = <
  TData = unknown,
  TError = unknown,
  ThrowOnError extends boolean = false,
  TResponseStyle extends ResponseStyle = 'fields',
>(
  options: Omit<RequestOptions<TData, TResponseStyle, ThrowOnError>, 'method'> &
    Pick<Required<RequestOptions<TData, TResponseStyle, ThrowOnError>>, 'method'>,
) => RequestResult<TData, TError, ThrowOnError, TResponseStyle>;

/** A client from `createClient()`: one function per HTTP method, config getters and setters, and interceptors. */
export type Client = {
  [K in HttpMethod]: MethodFn;
} & {
  /** Sends a request with an explicit `method`. */
  request: RequestFn;
  /** The URL a request with these options goes to. */
  buildUrl: <
    T extends {
      /** Values of the path template's `{name}` parameters. */
      path?: Record<string, unknown>;
      /** Query parameters (arrays repeat their key). */
      query?: Record<string, unknown>;
      /** The path template, such as `/api/hubs/{hub}/:send`. */
      url: string;
    },
  >(
    options: T & Partial<Config>,
  ) => string;
  /** A copy of the client's configuration. */
  getConfig: () => Config;
  /** Merges `config` into the client's configuration (headers are merged too) and returns a copy. */
  setConfig: (config: Config) => Config;
  /** Request, response and error interceptors, for example to sign every request. */
  interceptors: Middleware<Request, Response, unknown, ResolvedRequestOptions>;
  /** This runtime has no server-sent-events functions. */
  sse?: never;
};

/** Called on client creation; what it returns becomes the client's initial configuration. */
export type CreateClientConfig<T extends ClientOptions = ClientOptions> = (
  override?: Config<ClientOptions & T>,
) => Config<Required<ClientOptions> & T>;

/** Arbitrary metadata passed through the `meta` request option. */
// biome-ignore lint/suspicious/noEmptyInterface: augmented by callers, as in hey-api
export interface ClientMeta {}

/** The request parts an operation's `Data` type may describe. */
export interface TDataShape {
  /** Request body. */
  body?: unknown;
  /** Header parameters. */
  headers?: unknown;
  /** Path parameters. */
  path?: unknown;
  /** Query parameters. */
  query?: unknown;
  /** Path template. */
  url: string;
}

type OmitKeys<T, K> = Pick<T, Exclude<keyof T, K>>;

/**
 * Options of an operation function: its parameters (`TData`), per-call client options, and the
 * `client` to send with, which every call needs (there is no shared client).
 */
export type Options<
  TData extends TDataShape = TDataShape,
  ThrowOnError extends boolean = boolean,
  TResponse = unknown,
  TResponseStyle extends ResponseStyle = 'fields',
> = OmitKeys<
  RequestOptions<TResponse, TResponseStyle, ThrowOnError>,
  'body' | 'path' | 'query' | 'url'
> &
  ([TData] extends [never] ? unknown : Omit<TData, 'url'>) & {
    /** The client to send with, from `createClient()`. */
    client: Client;
  };
