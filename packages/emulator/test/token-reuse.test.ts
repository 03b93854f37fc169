// A token presented again skips its HMAC (src/auth/verified-tokens.ts), yet answers exactly as a
// first check would: expiry and not-before are checked on every use, the audience per request, and
// tokens with a `kid` (SignalR's temporary keys, which can be dropped) are always checked in full.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthError, TokenVerifier } from '../src/auth/token-verifier.js';
import { KEY, signToken } from './helpers.js';

const AUD = 'http://127.0.0.1:8080/api/hubs/chat/:send';
const anyAudience = () => true;
const audienceIs = (href: string) => (aud: URL) => aud.href === href;

afterEach(() => vi.useRealTimers());

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
});
