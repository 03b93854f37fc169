// Input checks that run before any request. Each throws a TypeError (wrong type) or RangeError (wrong
// value) naming the parameter. The constants mirror specs/*.yaml; test/spec-constants.test.ts keeps them
// from drifting.

/** Web PubSub hub names: a letter, then letters, digits and `` _`,.[] ``, at most 128 characters in all. */
export const HUB_PATTERN = /^[A-Za-z][A-Za-z0-9_`,.[\]]{0,127}$/;
/** SignalR hub (and application) names: a letter, then letters, digits and `_`, at most 128 in all. */
export const SIGNALR_HUB_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;
export const GROUP_MIN_LENGTH = 1;
export const GROUP_MAX_LENGTH = 1024;
/** Web PubSub rejects group names made only of whitespace. */
export const GROUP_NOT_BLANK = /^(?!\s+$).+$/;
export const MESSAGE_TTL_MIN = 0;
export const MESSAGE_TTL_MAX = 300;
export const MAX_PAGE_SIZE_MIN = 1;
export const MAX_PAGE_SIZE_MAX = 200;
export const TOP_MIN = 1;
export const TOP_MAX = 2147483647;
export const MINUTES_TO_EXPIRE_MIN = 1;
export const USER_GROUP_TTL_MIN = 0;
/** SignalR (current API): the user of closeUserConnections is at most 1024 characters. */
export const CLOSE_USER_MAX_LENGTH = 1024;
/** SignalR (current API): a stream id is 1–100 characters and not only whitespace. */
export const STREAM_ID_MAX_LENGTH = 100;
export const PERMISSIONS = ['sendToGroup', 'joinLeaveGroup'] as const;

export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
  return value;
}

/** A string id (connection id, user id, target) that is not empty or only whitespace. */
export function requireId(value: unknown, name: string): string {
  if (requireString(value, name).trim().length === 0) {
    throw new RangeError(`${name} must not be empty or only whitespace`);
  }
  return value as string;
}

/** An optional id: absent is fine, but an empty or blank one is refused like a required one. */
export function optionalId(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireId(value, name);
}

/** An id (see requireId) of at most `max` characters. */
export function requireIdUpTo(value: unknown, name: string, max: number): string {
  if (requireId(value, name).length > max) {
    throw new RangeError(`${name} must be at most ${max} characters long`);
  }
  return value as string;
}

/** A hub name of Web PubSub, or (`signalR`) of SignalR, which allows fewer characters. */
export function requireHub(value: unknown, name = 'hub', signalR = false): string {
  if (!(signalR ? SIGNALR_HUB_PATTERN : HUB_PATTERN).test(requireString(value, name))) {
    throw new RangeError(
      `${name} must start with a letter and contain only letters, digits and ${signalR ? '_' : '_`,.[]'} (at most 128 characters)`,
    );
  }
  return value as string;
}

/** A group name: 1–1024 characters; `notBlank` also rejects all-whitespace names (Web PubSub). */
export function requireGroup(value: unknown, name = 'group', notBlank = true): string {
  const group = requireString(value, name);
  if (group.length < GROUP_MIN_LENGTH || group.length > GROUP_MAX_LENGTH) {
    throw new RangeError(
      `${name} must be ${GROUP_MIN_LENGTH} to ${GROUP_MAX_LENGTH} characters long`,
    );
  }
  if (notBlank && !GROUP_NOT_BLANK.test(group)) {
    throw new RangeError(`${name} must not be only whitespace`);
  }
  return group;
}

/** An integer in [min, max], or undefined when optional and absent. */
export function optionalInteger(
  value: unknown,
  name: string,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer`);
  }
  if (value < min || value > max) throw new RangeError(`${name} must be between ${min} and ${max}`);
  return value;
}

export function optionalString(value: unknown, name: string): string | undefined {
  return value === undefined ? undefined : requireString(value, name);
}

/** An optional array of strings; each element named `name[i]` in errors. */
export function optionalStringArray(
  value: unknown,
  name: string,
  check: (item: unknown, name: string) => string = requireString,
): string[] | undefined {
  if (value === undefined) return undefined;
  return requireArray(value, name, check);
}

export function requireArray<T = string>(
  value: unknown,
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: each check narrows its own item type
  check: (item: any, name: string) => unknown,
): T[] {
  if (!Array.isArray(value)) throw new TypeError(`${name} must be an array`);
  for (let i = 0; i < value.length; i++) check(value[i], `${name}[${i}]`);
  return value;
}

export function requireFunction<T>(value: T, name: string): T {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
  return value;
}

/** A function, or undefined. */
export function optionalFunction<T>(value: T | undefined, name: string): T | undefined {
  return value === undefined ? value : requireFunction(value, name);
}

export function requirePermission(value: unknown): string {
  return requireOneOf(value, 'permission', PERMISSIONS);
}

export function requireOneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T {
  if (!(allowed as readonly unknown[]).includes(value)) {
    throw new RangeError(`${name} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * Parses an endpoint URL. http is allowed for loopback hosts (emulators, tests) and otherwise only
 * with `allowInsecureConnection`, so a typo cannot send bearer tokens in clear text. Returns the URL
 * without a trailing slash, query or fragment.
 */
export function requireEndpoint(value: unknown, name: string, allowInsecure = false): string {
  let url: URL;
  try {
    url = new URL(requireString(value, name));
  } catch (error) {
    if (error instanceof TypeError && typeof value === 'string') {
      throw new TypeError(`${name} must be an absolute http(s) URL`);
    }
    throw error;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`${name} must use https (or http), not ${url.protocol}`);
  }
  if (url.username || url.password) throw new RangeError(`${name} must not contain credentials`);
  if (url.protocol === 'http:' && !allowInsecure && !isLoopbackHost(url.hostname)) {
    throw new RangeError(
      `${name} uses http for a non-loopback host; use https or set allowInsecureConnection`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The largest request body the services take: 1 MB (SignalR: "1 MB for message body" in the REST API
 * limits; Web PubSub's REST sends the same). Read as 1,048,576 bytes of the body as sent, the value
 * Microsoft's services and the emulator use; a larger body is refused before any request.
 */
export const MAX_BODY_BYTES = 1_048_576;

/** Throws a RangeError naming `name` when `body` (as it goes on the wire) is over {@link MAX_BODY_BYTES}. */
export function requireBodySize<B extends string | ArrayBuffer | ArrayBufferView | Blob>(
  body: B,
  name: string,
): B {
  // A string's UTF-8 form is at most 3 bytes per UTF-16 unit: only long ones need encoding to count.
  const size =
    typeof body !== 'string'
      ? ((body as Blob).size ?? (body as ArrayBuffer).byteLength)
      : body.length * 3 > MAX_BODY_BYTES
        ? new TextEncoder().encode(body).length
        : 0;
  if (size > MAX_BODY_BYTES) {
    throw new RangeError(
      `${name} is ${size} bytes as sent; the service takes at most ${MAX_BODY_BYTES} (1 MB) per request`,
    );
  }
  return body;
}
