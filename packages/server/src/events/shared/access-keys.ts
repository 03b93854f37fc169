// Verifies the signature the service puts on every call to the app (Web PubSub `ce-signature`, SignalR
// `X-ASRS-Signature`): one `sha256=<hex HMAC-SHA256(accessKey, connectionId)>` per service key,
// comma-separated. Each configured key is imported once (auth/hmac.ts; KeyHolder re-imports only when
// a credential's key changes), and the expected digests of recent connection ids are kept, so the later
// events of a connection cost one constant-time compare instead of an HMAC.
import type { KeyCredential } from '../../auth/credentials.js';
import { KeyHolder } from '../../auth/sign.js';
import { parseConnectionString } from '../../connection-string.js';

/** Where an event handler takes the service's access keys from, to check request signatures. */
export interface SignatureOptions {
  /**
   * The service's connection string (or several, for example the primary and the secondary one); its
   * `AccessKey` verifies the signature of each request.
   */
  connectionString?: string | readonly string[];
  /**
   * Access keys that verify the signature of each request: the primary and, during a rotation, the
   * secondary key. A credential (for example `AzureKeyCredential`) is read on every request, so
   * `credential.update(newKey)` takes effect at once.
   */
  accessKeys?: readonly (string | KeyCredential)[];
  /**
   * Accepts requests without checking their signature. Only for an app that cannot be reached except
   * through something that already checked them (a trusted proxy); anyone who can reach the app can
   * then forge events for any connection.
   */
  dangerouslySkipSignatureCheck?: boolean;
}

/**
 * Checks a signature header against a connection id: true when any value matches any key. Answers at
 * once (no promise) when every key's digest for the connection is known, which is the usual case.
 */
export type SignatureVerifier = (
  connectionId: string,
  header: string | null,
) => boolean | Promise<boolean>;

/** At most this many `sha256=` values are looked at (the service sends one per key: two). */
const MAX_SIGNATURES = 8;
/** Expected digests are kept for this many connection ids per key. */
const DIGEST_CACHE_SIZE = 1024;
/** Longer ids are verified but not cached, so junk ids cannot pin much memory. */
const MAX_CACHED_ID_LENGTH = 256;

interface KeySlot {
  holder: KeyHolder;
  /** Expected signatures by connection id: lower-case hex once computed, else the pending HMAC. */
  digests: Map<string, string | Promise<string>>;
}

/**
 * The verifier for `options`, or undefined when the check is explicitly skipped. Throws a TypeError
 * naming the option when no key is configured, since a handler that cannot verify must not run silently.
 */
export function createSignatureVerifier(
  options: SignatureOptions,
  name: string,
): SignatureVerifier | undefined {
  const keys = collectKeys(options, name);
  if (options.dangerouslySkipSignatureCheck === true) {
    if (keys.length > 0) {
      throw new TypeError(
        `${name}.dangerouslySkipSignatureCheck cannot be combined with ${name}.connectionString or ${name}.accessKeys`,
      );
    }
    return undefined;
  }
  if (keys.length === 0) {
    throw new TypeError(
      `${name} needs the service's access keys to verify request signatures: set ${name}.connectionString or ${name}.accessKeys (or, behind a trusted proxy only, ${name}.dangerouslySkipSignatureCheck: true)`,
    );
  }
  const slots: KeySlot[] = keys.map((credential) => ({
    holder: new KeyHolder(credential),
    digests: new Map(),
  }));
  return (connectionId, header) => {
    const provided = parseSignatures(header);
    if (provided.length === 0) return false;
    const digests = slots.map((slot) => expectedDigest(slot, connectionId));
    // Known connections (the usual case) are checked without awaiting anything.
    if (digests.every((digest) => typeof digest === 'string')) {
      return matchesAny(digests as string[], provided);
    }
    return Promise.all(digests).then((expected) => matchesAny(expected, provided));
  };
}

/** No early exit: every pair is compared, each in constant time. */
function matchesAny(expected: readonly string[], provided: readonly string[]): boolean {
  let matched = 0;
  for (const digest of expected) {
    for (const signature of provided) matched |= equalHex(digest, signature);
  }
  return matched === 1;
}

function collectKeys(options: SignatureOptions, name: string): { readonly key: string }[] {
  const keys: { readonly key: string }[] = [];
  const { connectionString, accessKeys } = options;
  if (connectionString !== undefined) {
    const strings = typeof connectionString === 'string' ? [connectionString] : connectionString;
    if (!Array.isArray(strings)) {
      throw new TypeError(`${name}.connectionString must be a string or an array of strings`);
    }
    strings.forEach((value: unknown, i) => {
      const label =
        typeof connectionString === 'string' ? 'connectionString' : `connectionString[${i}]`;
      let accessKey: string | undefined;
      try {
        accessKey = parseConnectionString(value).accessKey;
      } catch (error) {
        // parseConnectionString's messages never echo values; prefix them with the option's name.
        if (error instanceof Error)
          error.message = `${name}.${error.message.replace(/^connectionString/, label)}`;
        throw error;
      }
      if (!accessKey)
        throw new TypeError(`${name}.${label} has no AccessKey to verify signatures with`);
      keys.push({ key: accessKey });
    });
  }
  if (accessKeys !== undefined) {
    if (!Array.isArray(accessKeys)) throw new TypeError(`${name}.accessKeys must be an array`);
    accessKeys.forEach((value: unknown, i) => {
      if (typeof value === 'string' && value.length > 0) keys.push({ key: value });
      else if (
        typeof value === 'object' &&
        value !== null &&
        typeof (value as KeyCredential).key === 'string' &&
        (value as KeyCredential).key.length > 0
      ) {
        keys.push(value as KeyCredential);
      } else {
        throw new TypeError(
          `${name}.accessKeys[${i}] must be a non-empty string or a credential with a key`,
        );
      }
    });
  }
  return keys;
}

function expectedDigest(slot: KeySlot, connectionId: string): string | Promise<string> {
  const { key, rotated } = slot.holder.current();
  if (rotated) slot.digests.clear();
  const cached = slot.digests.get(connectionId);
  if (cached !== undefined) return cached;
  const digest = key.then((hmacKey) => hmacKey.digest(connectionId, 'hex'));
  if (connectionId.length <= MAX_CACHED_ID_LENGTH) {
    if (slot.digests.size >= DIGEST_CACHE_SIZE) {
      // Maps iterate in insertion order: drop the oldest id.
      slot.digests.delete(slot.digests.keys().next().value as string);
    }
    slot.digests.set(connectionId, digest);
    digest.then(
      (hex) => {
        if (slot.digests.get(connectionId) === digest) slot.digests.set(connectionId, hex);
      },
      () => slot.digests.delete(connectionId),
    );
  }
  return digest;
}

/**
 * The hex digests of the well-formed `sha256=<64 hex>` values in a header, in the case they came in
 * (the SignalR service sends upper case); others are ignored.
 */
export function parseSignatures(header: string | null): string[] {
  if (!header) return [];
  const result: string[] = [];
  for (const part of header.split(',', MAX_SIGNATURES)) {
    const value = part.trim();
    if (value.length !== 71 || !hasSha256Prefix(value)) continue;
    if (isHex(value, 7)) result.push(value.slice(7));
  }
  return result;
}

function hasSha256Prefix(value: string): boolean {
  return value.startsWith('sha256=') || value.slice(0, 7).toLowerCase() === 'sha256=';
}

/** Whether every character of `value` from `start` on is a hex digit (either case). */
function isHex(value: string, start: number): boolean {
  for (let i = start; i < value.length; i++) {
    const code = value.charCodeAt(i) | 0x20; // A-F to a-f; digits are unchanged
    if (!((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66))) return false;
  }
  return true;
}

/**
 * 1 when the lower-case `expected` equals the hex `provided` in either case, else 0; the time depends
 * only on the length (always 64 here).
 */
function equalHex(expected: string, provided: string): number {
  if (expected.length !== provided.length) return 0;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) {
    difference |= expected.charCodeAt(i) ^ (provided.charCodeAt(i) | 0x20);
  }
  return difference === 0 ? 1 : 0;
}
