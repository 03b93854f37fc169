// Tokens whose signature already checked out, so a token presented again (an SDK reuses its REST token
// for an hour; many clients share one client URL) skips the HMAC, an async WebCrypto job per request.
// The same bytes under the same key always verify the same way; what changes with time (exp, nbf) is
// re-checked on every hit, and a token outside its window falls back to full verification, which
// produces the usual error. The cache belongs to one verifier, whose access key never changes, and
// keys on the whole token (signature included); the audience is checked per request by the caller.
import type { JWTPayload } from 'jose';

/** Enough for every SDK instance and client URL of a busy local app; the oldest go first. */
export const MAX_VERIFIED_TOKENS = 1024;
/** Longer tokens are verified every time, so junk cannot pin much memory. */
const MAX_TOKEN_LENGTH = 4096;

export class VerifiedTokens {
  readonly #payloads = new Map<string, JWTPayload>();

  /** A copy of the payload of `token` if it verified before and is within its validity now. */
  get(token: string): JWTPayload | undefined {
    const payload = this.#payloads.get(token);
    if (payload === undefined) return undefined;
    const now = Math.floor(Date.now() / 1000);
    // The same checks as jose's (no clock tolerance): expired at exp, valid from nbf.
    const { exp, nbf } = payload;
    if (typeof exp !== 'number' || exp <= now || (typeof nbf === 'number' && nbf > now)) {
      this.#payloads.delete(token);
      return undefined;
    }
    // Callers keep claims on connections; a copy keeps one caller's changes from another's.
    return structuredClone(payload);
  }

  add(token: string, payload: JWTPayload): void {
    if (token.length > MAX_TOKEN_LENGTH) return;
    if (this.#payloads.size >= MAX_VERIFIED_TOKENS) {
      // Maps iterate in insertion order: drop the oldest.
      this.#payloads.delete(this.#payloads.keys().next().value as string);
    }
    this.#payloads.set(token, structuredClone(payload));
  }
}
