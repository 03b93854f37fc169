// Decodes a JWT without verifying it, for assertions on its header and claims.
import { Buffer } from 'node:buffer';

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

export function decodeJwt(token: string): DecodedJwt {
  const [header, claims, signature] = token.split('.');
  if (!header || !claims || !signature) throw new Error(`not a JWT: ${token.slice(0, 20)}…`);
  const part = (text: string) => JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  return { header: part(header), claims: part(claims) };
}

export function bearerOf(authorization: string | string[] | undefined): DecodedJwt {
  if (typeof authorization !== 'string' || !authorization.startsWith('Bearer ')) {
    throw new Error('no bearer token');
  }
  return decodeJwt(authorization.slice('Bearer '.length));
}
