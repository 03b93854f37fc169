// A token presented again skips its HMAC (src/auth/verified-tokens.ts), yet answers exactly as a
// first check would: expiry and not-before are checked on every use, the audience per request, and
// tokens with a `kid` (SignalR's temporary keys, which can be dropped) are always checked in full.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webPubSubClientAudience } from '../src/auth/audiences.js';
import { AuthError, TokenVerifier } from '../src/auth/token-verifier.js';
import { MAX_VERIFIED_TOKENS } from '../src/auth/verified-tokens.js';
import { KEY, signToken } from './helpers.js';

const AUD = 'http://127.0.0.1:8080/api/hubs/chat/:send';
const anyAudience = () => true;
const audienceIs = (href: string) => (aud: URL) => aud.href === href;

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Counts the HMAC checks WebCrypto runs (jose verifies an HS256 token with one `subtle.verify`). */
function countHmacChecks(): { readonly count: number } {
  const spy = vi.spyOn(crypto.subtle, 'verify');
  return {
    get count() {
      return spy.mock.calls.length;
    },
  };
}

describe('a token verified before', () => {
  it('is refused once it expires, with the usual reason', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD }, { expiresIn: 60 });
    await expect(verifier.verify(token, anyAudience)).resolves.toMatchObject({ aud: AUD });
    await expect(verifier.verify(token, anyAudience)).resolves.toMatchObject({ aud: AUD });
    vi.setSystemTime(Date.now() + 60_000);
    await expect(verifier.verify(token, anyAudience)).rejects.toThrow(
      new AuthError('The token has expired.'),
    );
  });

  it('is refused before its nbf, and accepted from then on', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD }, { notBefore: 30 });
    const early = new AuthError('The token is not yet valid (nbf).');
    await expect(verifier.verify(token, anyAudience)).rejects.toThrow(early);
    vi.setSystemTime(Date.now() + 30_000);
    await expect(verifier.verify(token, anyAudience)).resolves.toMatchObject({ aud: AUD });
    await expect(verifier.verify(token, anyAudience)).resolves.toMatchObject({ aud: AUD });
  });

  it('still has its audience checked against each request', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD });
    await expect(verifier.verify(token, audienceIs(AUD))).resolves.toMatchObject({ aud: AUD });
    await expect(verifier.verify(token, audienceIs(`${AUD}x`))).rejects.toThrow(
      'The token audience (aud) does not match the request URL.',
    );
  });

  it('gives each caller its own claims', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD, role: ['webpubsub.sendToGroup'] });
    for (let i = 0; i < 3; i++) {
      const claims = await verifier.verify(token, anyAudience);
      expect(claims).toMatchObject({ role: ['webpubsub.sendToGroup'] });
      expect(claims.sub).toBeUndefined();
      (claims.role as string[]).push('webpubsub.joinLeaveGroup');
      claims.sub = 'mallory';
    }
  });

  it('signed with a temporary key stops working when that key is dropped', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const { KeyId, AccessKey } = await verifier.issueKey();
    const token = await signToken({ aud: AUD }, { key: AccessKey, kid: KeyId });
    const issued = { allowIssuedKeys: true };
    await expect(verifier.verify(token, anyAudience, issued)).resolves.toMatchObject({ aud: AUD });
    // 100 temporary keys are kept; the 101st drops the oldest.
    for (let i = 0; i < 100; i++) await verifier.issueKey();
    await expect(verifier.verify(token, anyAudience, issued)).rejects.toThrow(
      'The token signature is invalid.',
    );
  });

  it('skips the HMAC when presented again', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD });
    const hmac = countHmacChecks();
    for (let i = 0; i < 3; i++) await verifier.verify(token, anyAudience);
    expect(hmac.count).toBe(1);
  });

  it('is only remembered for the verifier of its key: another key refuses it', async () => {
    const first = await TokenVerifier.create(KEY);
    const other = await TokenVerifier.create(`${KEY}-rotated`);
    const token = await signToken({ aud: AUD });
    await expect(first.verify(token, anyAudience)).resolves.toMatchObject({ aud: AUD });
    await expect(other.verify(token, anyAudience)).rejects.toThrow(
      'The token signature is invalid.',
    );
  });

  it('with its signature changed is a different token, and is refused', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD });
    await verifier.verify(token, anyAudience);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${(await signToken({ aud: AUD }, { key: 'another-key' })).split('.')[2]}`;
    await expect(verifier.verify(forged, anyAudience)).rejects.toThrow(
      'The token signature is invalid.',
    );
  });

  it('for one hub is refused on another hub', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const chat = 'http://127.0.0.1:8080/client/hubs/chat';
    const token = await signToken({ aud: chat });
    const audienceOf = (href: string) => webPubSubClientAudience(new URL(href));
    await expect(verifier.verify(token, audienceOf(chat))).resolves.toMatchObject({ aud: chat });
    await expect(
      verifier.verify(token, audienceOf('http://127.0.0.1:8080/client/hubs/other')),
    ).rejects.toThrow('The token audience (aud) does not match the request URL.');
  });
});

describe('the tokens remembered', () => {
  it(`are at most ${MAX_VERIFIED_TOKENS}: the oldest is checked in full again`, async () => {
    const verifier = await TokenVerifier.create(KEY);
    const tokens = await Promise.all(
      Array.from({ length: MAX_VERIFIED_TOKENS + 1 }, (_, i) =>
        signToken({ aud: AUD, sub: `u${i}` }),
      ),
    );
    for (const token of tokens) await verifier.verify(token, anyAudience);
    const hmac = countHmacChecks();
    // The newest are still remembered; the first one was dropped for the last one.
    await verifier.verify(tokens[MAX_VERIFIED_TOKENS] as string, anyAudience);
    await verifier.verify(tokens[1] as string, anyAudience);
    expect(hmac.count).toBe(0);
    await expect(verifier.verify(tokens[0] as string, anyAudience)).resolves.toMatchObject({
      sub: 'u0',
    });
    expect(hmac.count).toBe(1);
  });

  it('leave out very long tokens, so junk cannot pin much memory', async () => {
    const verifier = await TokenVerifier.create(KEY);
    const token = await signToken({ aud: AUD, pad: 'x'.repeat(5000) });
    const hmac = countHmacChecks();
    await verifier.verify(token, anyAudience);
    await verifier.verify(token, anyAudience);
    expect(hmac.count).toBe(2);
  });
});
