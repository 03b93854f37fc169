// Verifies (and, for `:generateToken`, signs) HS256 JWTs with the access key. The HMAC key is the
// UTF-8 bytes of the key string, not its base64 decoding, exactly as the services and SDKs do it.
import { randomBytes } from 'node:crypto';
import { errors, type JWTPayload, jwtVerify, SignJWT } from 'jose';
import { VerifiedTokens } from './verified-tokens.js';

export class AuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthError';
  }
}

const MAX_ISSUED_KEYS = 100;

export type AudienceCheck = (aud: URL) => boolean;

async function importHmacKey(secret: string): Promise<CryptoKey> {
  // Imported once: jose signs and verifies about twice as fast with a CryptoKey than with raw bytes.
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

export class TokenVerifier {
  readonly #key: CryptoKey;
  /** Temporary client-token keys handed out by SignalR's `GET /api/v1/auth/accessKey`, by kid. */
  readonly #issuedKeys = new Map<string, CryptoKey>();
  /** Tokens that verified before with the access key. */
  readonly #verified = new VerifiedTokens();

  private constructor(key: CryptoKey) {
    this.#key = key;
  }

  static async create(accessKey: string): Promise<TokenVerifier> {
    return new TokenVerifier(await importHmacKey(accessKey));
  }

  /**
   * Checks signature (HS256 only), `exp` (required), `nbf` and `aud` (required, tested by `audience`).
   * Throws AuthError with a reason that never contains the token.
   */
  async verify(
    token: string,
    audience: AudienceCheck,
    options: { allowIssuedKeys?: boolean } = {},
  ): Promise<JWTPayload> {
    let payload = this.#verified.get(token);
    if (payload === undefined) {
      // Only tokens without a kid are kept: which key checks one with a kid depends on the call.
      let keyed = false;
      try {
        ({ payload } = await jwtVerify(
          token,
          (header) => {
            keyed = header.kid !== undefined;
            if (keyed && options.allowIssuedKeys) {
              const issued = this.#issuedKeys.get(header.kid as string);
              if (issued) return issued;
            }
            return this.#key;
          },
          { algorithms: ['HS256'], requiredClaims: ['exp', 'aud'] },
        ));
      } catch (error) {
        throw new AuthError(describeJoseError(error));
      }
      if (!keyed) this.#verified.add(token, payload);
    }
    const auds = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!auds.some((aud) => typeof aud === 'string' && audienceMatches(aud, audience))) {
      throw new AuthError('The token audience (aud) does not match the request URL.');
    }
    return payload;
  }

  async sign(claims: JWTPayload, expiresInSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(this.#key);
  }

  /** Creates a temporary signing key, as SignalR does for Microsoft Entra ID callers. */
  async issueKey(): Promise<{ KeyId: string; AccessKey: string }> {
    const keyId = `emulator-${randomBytes(8).toString('hex')}`;
    const secret = randomBytes(32).toString('base64');
    this.#issuedKeys.set(keyId, await importHmacKey(secret));
    // Bounded: the oldest temporary keys stop working first (a Map iterates in insertion order).
    if (this.#issuedKeys.size > MAX_ISSUED_KEYS) {
      this.#issuedKeys.delete(this.#issuedKeys.keys().next().value as string);
    }
    return { KeyId: keyId, AccessKey: secret };
  }
}

function audienceMatches(aud: string, check: AudienceCheck): boolean {
  let url: URL;
  try {
    url = new URL(aud);
  } catch {
    return false;
  }
  return check(url);
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not yet valid (nbf).';
    return `The token claim '${error.claim}' is missing or invalid.`;
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'The token algorithm is not allowed; use HS256.';
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return 'The token signature is invalid.';
  if (error instanceof errors.JOSENotSupported)
    return 'The token algorithm is not supported; use HS256.';
  return 'The token is malformed.';
}

/** The bearer token of a request: the `Authorization` header, or `access_token` where allowed. */
export function tokenOf(
  headers: { authorization?: string | undefined },
  query: URLSearchParams | null,
): string | undefined {
  const header = headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  return query?.get('access_token') ?? undefined;
}

/** REST authentication: a bearer token in the Authorization header whose `aud` passes `audienceFor(url)`. */
export function restAuthenticator(
  verifier: TokenVerifier,
  audienceFor: (url: URL) => AudienceCheck,
) {
  return async (
    req: { headers: { authorization?: string | undefined } },
    url: URL,
  ): Promise<void> => {
    const token = tokenOf(req.headers, null);
    if (!token) throw new AuthError('A bearer token is required in the Authorization header.');
    await verifier.verify(token, audienceFor(url));
  };
}
