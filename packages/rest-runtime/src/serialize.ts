// What goes on the wire: the URL (path template filled in, query serialized), the merged headers and
// the body. Path and query follow OpenAPI's defaults, the only styles the specs use: `simple` path
// parameters, `form` query parameters with arrays exploded (a repeated key), `deepObject` objects.
import type {
  Auth,
  AuthToken,
  Config,
  HeadersOption,
  QuerySerializer,
  RequestOptions,
} from './types.js';

/** Percent-encodes a path value. */
const encode = (value: unknown) => encodeURIComponent(String(value));

/** Percent-encodes a query value; `'` too, as WHATWG URL parsing does in a query, so the URL goes out as built. */
const encodeQuery = (value: unknown, allowReserved?: boolean) =>
  allowReserved ? String(value) : encode(value).replace(/'/g, '%27');

/** A path parameter in `simple` style: arrays and objects comma-joined. */
function pathValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => encode(v)).join(',');
  if (value instanceof Date) return encode(value.toISOString());
  if (typeof value === 'object')
    return Object.entries(value as object)
      .flatMap(([k, v]) => [k, encode(v)])
      .join(',');
  return encode(value);
}

/** One `name=value` of a query; nested arrays and objects cannot be sent. */
function queryPair(name: string, value: unknown, allowReserved?: boolean): string {
  if (value instanceof Date) value = value.toISOString();
  else if (typeof value === 'object' && value !== null) {
    throw new TypeError(
      `query.${name} nests an array or object; pass a querySerializer to send it`,
    );
  }
  return `${name}=${encodeQuery(value, allowReserved)}`;
}

/** The query string (without `?`): arrays repeat their key, objects become `name[key]=value`. */
export function serializeQuery(query: Record<string, unknown>, allowReserved?: boolean): string {
  const pairs: string[] = [];
  for (const name in query) {
    const value = query[name];
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) pairs.push(queryPair(name, item, allowReserved));
    } else if (typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, item] of Object.entries(value)) {
        if (item !== undefined && item !== null)
          pairs.push(queryPair(`${name}[${key}]`, item, allowReserved));
      }
    } else {
      pairs.push(queryPair(name, value, allowReserved));
    }
  }
  return pairs.join('&');
}

/** The URL of a request: `baseUrl` + the path template filled in + the serialized query. */
export function buildUrl(
  options: Pick<RequestOptions, 'baseUrl' | 'path' | 'query' | 'url' | 'querySerializer'>,
): string {
  const { url, path, query, querySerializer } = options;
  let result = (options.baseUrl ?? '') + (url.startsWith('/') ? url : `/${url}`);
  if (path) {
    result = result.replace(/\{([^{}]+)\}/g, (match, name: string) => {
      const value = path[name];
      return value === undefined || value === null ? match : pathValue(value);
    });
  }
  if (query) {
    const search =
      typeof querySerializer === 'function'
        ? (querySerializer as QuerySerializer)(query)
        : serializeQuery(query, querySerializer?.allowReserved);
    if (search) result += `?${search.startsWith('?') ? search.slice(1) : search}`;
  }
  return result;
}

/** Applies a header set to `headers`: `null` removes a header, arrays append and objects are sent as JSON. */
export function applyHeaders(headers: Headers, set: HeadersOption | undefined): Headers {
  if (!set) return headers;
  const entries = set instanceof Headers ? [...set] : Object.entries(set as object);
  for (const [key, value] of entries) {
    if (value === null) headers.delete(key);
    else if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else if (value !== undefined) {
      headers.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
  }
  return headers;
}

/** Merges header sets left to right: later values win, `null` removes a header, arrays append and objects are sent as JSON. */
export function mergeHeaders(...headers: Array<HeadersOption | undefined>): Headers {
  return headers.reduce<Headers>(applyHeaders, new Headers());
}

/** JSON with BigInts as strings; the replacer runs only when plain JSON.stringify cannot. */
export function jsonBodySerializer(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch (error) {
    if (!String(error).includes('BigInt')) throw error;
    return JSON.stringify(body, (_key, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
  }
}

/**
 * Puts the token of each security requirement where it goes (header, query or cookie), unless the
 * request already carries it.
 */
export async function setAuthParams(
  options: { headers: Headers; query?: Record<string, unknown>; security?: ReadonlyArray<Auth> },
  auth: Config['auth'],
): Promise<void> {
  for (const requirement of options.security ?? []) {
    const name = requirement.name ?? 'Authorization';
    if (
      requirement.name &&
      (options.headers.has(name) ||
        options.query?.[name] ||
        options.headers.get('Cookie')?.includes(`${name}=`))
    ) {
      continue;
    }
    let token: AuthToken = typeof auth === 'function' ? await auth(requirement) : auth;
    if (!token) continue;
    if (requirement.scheme === 'bearer') token = `Bearer ${token}`;
    else if (requirement.scheme === 'basic') token = `Basic ${btoa(token)}`;
    if (requirement.in === 'query') options.query = { ...options.query, [name]: token };
    else if (requirement.in === 'cookie') options.headers.append('Cookie', `${name}=${token}`);
    else options.headers.set(name, token);
  }
}
