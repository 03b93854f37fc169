// Tokens every endpoint must refuse, each built for the endpoint's correct audience, with the reason
// the emulator gives for it. Shared by the auth matrix and the per-endpoint audience tests.
import { createHmac } from 'node:crypto';
import { SignJWT } from 'jose';
import { KEY, signToken, unsignedToken } from '../helpers.js';

export interface BadToken {
  readonly name: string;
  /** Builds the token for an endpoint whose correct audience is `aud`; null sends no token. */
  readonly make: (aud: string) => Promise<string | null>;
  /** The reason the refusal must give. */
  readonly reason: RegExp;
}

const now = () => Math.floor(Date.now() / 1000);
const part = (text: string) => Buffer.from(text).toString('base64url');
const hs256Header = part(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
/** Correctly signed with the key, so only the broken payload can be the reason for refusing it. */
const signedRaw = (payload: string) => {
  const input = `${hs256Header}.${payload}`;
  return `${input}.${createHmac('sha256', KEY).update(input).digest('base64url')}`;
};

export const badTokens: readonly BadToken[] = [
  { name: 'missing', make: async () => null, reason: /token is required/ },
  {
    name: 'forged (another key)',
    make: (aud) => signToken({ aud }, { key: `${KEY}x` }),
    reason: /signature is invalid/,
  },
  {
    name: 'signed with the base64-decoded key',
    make: (aud) =>
      new SignJWT({ aud })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(now() + 60)
        .sign(Buffer.from(KEY, 'base64')),
    reason: /signature is invalid/,
  },
  { name: 'expired', make: (aud) => signToken({ aud }, { expiresIn: -60 }), reason: /expired/ },
  {
    name: 'not yet valid (nbf)',
    make: (aud) => signToken({ aud }, { notBefore: 600 }),
    reason: /not yet valid/,
  },
  {
    name: 'wrong aud (path)',
    make: (aud) => signToken({ aud: `${aud.split('?')[0]}/other` }),
    reason: /audience/,
  },
  {
    name: 'wrong aud (host)',
    make: (aud) => signToken({ aud: aud.replace('127.0.0.1', 'example.com') }),
    reason: /audience/,
  },
  { name: 'no aud', make: () => signToken({}), reason: /'aud' is missing/ },
  {
    name: 'no exp',
    make: (aud) =>
      new SignJWT({ aud }).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(KEY)),
    reason: /'exp' is missing/,
  },
  { name: 'alg none', make: async (aud) => unsignedToken({ aud }), reason: /algorithm/ },
  {
    name: 'HS512 with the right key',
    make: (aud) =>
      new SignJWT({ aud })
        .setProtectedHeader({ alg: 'HS512' })
        .setExpirationTime(now() + 60)
        .sign(new TextEncoder().encode(KEY)),
    reason: /algorithm is not allowed/,
  },
  { name: 'malformed (not a JWT)', make: async () => 'not.a.jwt', reason: /malformed/ },
  {
    name: 'malformed (bad base64)',
    make: async () => signedRaw('***'),
    reason: /malformed/,
  },
  {
    name: 'malformed (bad JSON)',
    make: async () => signedRaw(part('{"aud":')),
    reason: /malformed/,
  },
];
