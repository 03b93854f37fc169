// The two signing paths (Node's native HMAC and base64url; WebCrypto and jose elsewhere) must produce
// byte-identical tokens and digests, and a runtime without getBuiltinModule must get WebCrypto.
import { createHmac } from 'node:crypto';
import { jwtVerify } from 'jose';
import { decode, encode } from 'jose/base64url';
import { describe, expect, it } from 'vitest';
import { base64urlText, importHmacKey, webCryptoHmacKey } from '../src/auth/hmac.js';
import { nodeSigning, nodeSigningFrom } from '../src/auth/node-crypto.js';
import { signJwt } from '../src/auth/sign.js';

const KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
const TEXTS = [
  '',
  'a',
  'ab',
  'abc',
  'connection-1',
  '{"sub":"Zoë 😀 ü","aud":"https://x/?a=1&b=2"}',
];

describe('signing paths', () => {
  it('Node has getBuiltinModule, so the native path is the one in use here', () => {
    expect(nodeSigning()).toBeDefined();
  });

  it('falls back (undefined) when the runtime has no getBuiltinModule or no node:crypto', () => {
    expect(nodeSigningFrom(undefined)).toBeUndefined();
    expect(nodeSigningFrom(() => undefined)).toBeUndefined();
    expect(nodeSigningFrom(() => ({}))).toBeUndefined();
  });

  it.each(TEXTS)(
    'both paths give the HMAC of node:crypto, in base64url and hex (%j)',
    async (text) => {
      const node = (nodeSigning() as NonNullable<ReturnType<typeof nodeSigning>>).hmacKey(KEY);
      const web = await webCryptoHmacKey(KEY);
      const hmac = () => createHmac('sha256', Buffer.from(KEY, 'utf8')).update(text, 'utf8');
      const hex = hmac().digest('hex');
      const b64 = hmac().digest('base64url');
      expect(await node.digest(text, 'hex')).toBe(hex);
      expect(await web.digest(text, 'hex')).toBe(hex);
      expect(await node.digest(text, 'base64url')).toBe(b64);
      expect(await web.digest(text, 'base64url')).toBe(b64);
    },
  );

  it.each(TEXTS)('base64urlText matches jose and round-trips UTF-8 (%j)', (text) => {
    expect(base64urlText(text)).toBe(encode(text));
    expect(new TextDecoder().decode(decode(base64urlText(text)))).toBe(text);
  });

  it('a signed JWT verifies with jose, with the plain header and with a kid', async () => {
    const key = await importHmacKey(KEY);
    const claims = { aud: 'https://x/client/?hub=chat', iat: 1, exp: 4_000_000_000, nameid: 'Zoë' };
    const secret = new TextEncoder().encode(KEY);
    const plain = await signJwt(key, claims);
    const { payload, protectedHeader } = await jwtVerify(plain, secret);
    expect(payload).toEqual(claims);
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(plain.split('.')[0]).toBe(encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
    const withKid = await signJwt(key, claims, 'key-1');
    expect((await jwtVerify(withKid, secret)).protectedHeader).toEqual({
      alg: 'HS256',
      typ: 'JWT',
      kid: 'key-1',
    });
    // The WebCrypto path signs the same bytes.
    expect(await signJwt(await webCryptoHmacKey(KEY), claims)).toBe(plain);
  });
});
