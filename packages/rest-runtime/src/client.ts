// The client the generated operation functions call. A call costs one options object, one Headers,
// one URL string and one fetch: no Request is built unless an interceptor needs one, and fetch gets
// `(url, init, options)`, so a wrapper (such as @hubcast/server's sender) sees the call's options
// without another pass over the request.
import { Interceptors, type Middleware } from './interceptors.js';
import { ResponseError } from './response-error.js';
import { applyHeaders, buildUrl, jsonBodySerializer, setAuthParams } from './serialize.js';
import type {
  Client,
  ClientOptions,
  Config,
  FetchFn,
  RequestOptions,
  ResolvedRequestOptions,
} from './types.js';

type ParseAs = NonNullable<Config['parseAs']>;

/** How `parseAs: 'auto'` reads a success body with this Content-Type. */
function parseAsFor(contentType: string | null): Exclude<ParseAs, 'auto'> | undefined {
  // No Content-Type: hand over the raw body.
  if (!contentType) return 'stream';
  const type = contentType.split(';')[0]?.trim() ?? '';
  if (type.startsWith('application/json') || type.endsWith('+json')) return 'json';
  if (type === 'multipart/form-data') return 'formData';
  if (/^(application|audio|image|video)\//.test(type)) return 'blob';
  if (type.startsWith('text/')) return 'text';
  return undefined;
}

/** Client configuration from overrides on top of the defaults (JSON bodies, automatic response parsing). */
export const createConfig = <T extends ClientOptions = ClientOptions>(
  override: Config<Omit<ClientOptions, keyof T> & T> = {},
): Config<Omit<ClientOptions, keyof T> & T> => ({
  bodySerializer: jsonBodySerializer,
  headers: { 'Content-Type': 'application/json' },
  parseAs: 'auto',
  ...override,
});

/** Creates an independent client. Pass it as `client` to each operation function, so no shared global client is configured. */
export const createClient = (config: Config = {}): Client => {
  let current: Config = {};
  /** The client's headers as entries, the start of every request's Headers. */
  let baseHeaders: [string, string][] = [];
  const setConfig = (next: Config): Config => {
    const headers = applyHeaders(new Headers(baseHeaders), next.headers);
    current = { ...current, ...next, headers };
    if (current.baseUrl?.endsWith('/')) current.baseUrl = current.baseUrl.slice(0, -1);
    baseHeaders = [...headers];
    return { ...current };
  };
  setConfig(createConfig());
  setConfig(config);

  const interceptors: Middleware<Request, Response, unknown, ResolvedRequestOptions> = {
    error: new Interceptors(),
    request: new Interceptors(),
    response: new Interceptors(),
  };

  const send = async (options: RequestOptions, method = options.method) => {
    const throwOnError = options.throwOnError ?? current.throwOnError;
    const responseStyle = options.responseStyle ?? current.responseStyle;
    let request: Request | undefined;
    let response: Response | undefined;
    let url = '';
    let init: RequestInit | undefined;
    /** The Request of the call: the one interceptors saw, or one built only when it is asked for. */
    const requestOf = () => {
      if (!request && init) {
        try {
          request = new Request(url, init);
        } catch {
          // The body was a stream that fetch has read.
          request = new Request(url, { ...init, body: null });
        }
      }
      return request;
    };
    try {
      // Object.assign, not object spread: V8 copies a call's options (symbol keys included) several
      // times faster this way.
      const opts = Object.assign({}, current, options) as ResolvedRequestOptions;
      opts.method = method;
      opts.headers = applyHeaders(new Headers(baseHeaders), options.headers);
      if (opts.security && opts.auth !== undefined) await setAuthParams(opts, opts.auth);
      if (opts.requestValidator) await opts.requestValidator(opts);
      const { body, bodySerializer } = opts;
      let sent = body;
      if (body !== undefined && bodySerializer) {
        sent = opts.serializedBody = bodySerializer(body);
        if (sent === '') sent = null;
      }
      // No body, no Content-Type: an empty request with one is invalid.
      if (body === undefined || opts.serializedBody === '') opts.headers.delete('Content-Type');
      url = buildUrl(opts);
      init = { method, headers: opts.headers, body: sent as BodyInit | null | undefined };
      // Named reads (not a loop over key names): V8 keeps these fast on any shape of options.
      const { cache, credentials, integrity, keepalive, mode, priority, redirect } = opts;
      const { referrer, referrerPolicy, signal, window } = opts;
      const { dispatcher, duplex } = opts as { dispatcher?: unknown; duplex?: unknown };
      if (cache ?? credentials ?? integrity ?? keepalive ?? mode ?? priority ?? redirect) {
        Object.assign(init, { cache, credentials, integrity, keepalive, mode, priority, redirect });
      }
      if (referrer ?? referrerPolicy ?? window ?? dispatcher ?? duplex) {
        Object.assign(init, { referrer, referrerPolicy, window, dispatcher, duplex });
      }
      if (signal) init.signal = signal;
      // Called as a plain function: a browser's fetch throws "Illegal invocation" on another `this`.
      const fetchFn = (opts.fetch ?? globalThis.fetch) as FetchFn;
      if (interceptors.request.active || interceptors.response.active) {
        request = new Request(url, init);
        for (const fn of interceptors.request.fns) if (fn) request = await fn(request, opts);
        response = await fetchFn(request);
        for (const fn of interceptors.response.fns)
          if (fn) response = await fn(response, request, opts);
      } else {
        response = await fetchFn(url, init, opts);
      }
      const answered = response;
      const fields = (data: unknown) => ({
        data,
        response: answered,
        get request() {
          return requestOf();
        },
      });
      if (response.ok) {
        const parseAs =
          (opts.parseAs === 'auto'
            ? parseAsFor(response.headers.get('Content-Type'))
            : opts.parseAs) ?? 'json';
        let data: unknown;
        if (parseAs === 'stream') data = response.body;
        else if (response.status === 204 || response.headers.get('Content-Length') === '0') {
          // Nothing to read: an empty body is not worth the stream reads of `response.text()`.
          data =
            parseAs === 'json'
              ? {}
              : parseAs === 'text'
                ? ''
                : parseAs === 'formData'
                  ? new FormData()
                  : await response[parseAs]();
        } else if (parseAs === 'json') {
          // A 200 may come without Content-Length and with an empty body.
          const text = await response.text();
          data = text ? JSON.parse(text) : {};
          if (opts.responseValidator) await opts.responseValidator(data);
          if (opts.responseTransformer) data = await opts.responseTransformer(data);
        } else {
          data = await response[parseAs]();
        }
        return opts.responseStyle === 'data' ? data : fields(data);
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {}
      throw json ?? text;
    } catch (error) {
      let finalError = error;
      for (const fn of interceptors.error.fns) {
        if (fn)
          finalError = await fn(finalError, response, request, options as ResolvedRequestOptions);
      }
      finalError ||= {};
      if (throwOnError) {
        throw finalError instanceof Error ? finalError : new ResponseError(finalError, response);
      }
      if (responseStyle === 'data') return undefined;
      return {
        error: finalError,
        response,
        get request() {
          return requestOf();
        },
      };
    }
  };

  const method = (name: string) => (options: RequestOptions) => send(options, name as never);
  return {
    buildUrl: (options) => buildUrl({ ...current, ...options } as RequestOptions),
    connect: method('CONNECT'),
    delete: method('DELETE'),
    get: method('GET'),
    getConfig: () => ({ ...current }),
    head: method('HEAD'),
    interceptors,
    options: method('OPTIONS'),
    patch: method('PATCH'),
    post: method('POST'),
    put: method('PUT'),
    request: (options: RequestOptions) => send(options),
    setConfig,
    trace: method('TRACE'),
  } as Client;
};
