// The tokens a runtime minted with @hubcast/server/token must be the ones it minted with the classes
// (same URL, same claims but for the second they were signed in), signed with the service's access key.
import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { MintedTokens, ProbeConfig } from './control-server.js';

function accessKeyOf(connectionString: string): string {
  const key = /(?:^|;)AccessKey=([^;]+)/i.exec(connectionString)?.[1];
  if (!key) throw new Error('the harness connection string has no AccessKey');
  return key;
}

/** The claims of a JWT signed with `key` (checked with node:crypto), iat/exp as the lifetime. */
function verifiedClaims(token: string, key: string): Record<string, unknown> {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const expected = createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url');
  expect(signature, 'HS256 signature with the access key').toBe(expected);
  expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({
    alg: 'HS256',
    typ: 'JWT',
  });
  const { iat, exp, ...claims } = JSON.parse(Buffer.from(payload, 'base64url').toString());
  return { ...claims, lifetime: exp - iat };
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?access_token=');
  return [url.slice(0, at), url.slice(at + '?access_token='.length)];
}

export function verifyTokenEntry(
  classes: MintedTokens,
  entry: MintedTokens,
  config: ProbeConfig,
): void {
  const webPubSubKey = accessKeyOf(config.webPubSub.connectionString);
  const [classBase, classToken] = splitUrl(classes.webPubSubUrl);
  const [entryBase, entryToken] = splitUrl(entry.webPubSubUrl);
  expect(entryBase).toBe(classBase);
  expect(verifiedClaims(entryToken, webPubSubKey)).toEqual(
    verifiedClaims(classToken, webPubSubKey),
  );
  const signalRKey = accessKeyOf(config.signalR.connectionString);
  expect(entry.signalR.url).toBe(classes.signalR.url);
  expect(verifiedClaims(entry.signalR.accessToken, signalRKey)).toEqual(
    verifiedClaims(classes.signalR.accessToken, signalRKey),
  );
}
