// The inputs every measure shares, so hubcast and its anchors always get exactly the same work.
import { createHmac } from 'node:crypto';

export const HUB = 'bench';
/** A 44-character key, like the ones Azure issues (signing cost depends on it only slightly). */
export const ACCESS_KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
export const API_VERSION = '2024-12-01';

export function connectionString(endpoint: string, accessKey = ACCESS_KEY): string {
  const url = new URL(endpoint);
  const port = url.port ? `Port=${url.port};` : '';
  return `Endpoint=${url.protocol}//${url.hostname};${port}AccessKey=${accessKey};Version=1.0;`;
}

/** The small JSON body of item 1. */
export const MESSAGE = { type: 'chat', from: 'alice', text: 'hello, world', at: 1_700_000_000 };

/** The client token of items 2 and 4: a user, two roles and two groups. */
export const TOKEN_OPTIONS = {
  userId: 'alice',
  roles: ['webpubsub.joinLeaveGroup.lobby', 'webpubsub.sendToGroup.lobby'],
  groups: ['lobby', 'news'],
};

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** An HS256 REST token for `aud`, signed once with node:crypto (the raw fetch baseline of item 1). */
export function presignedToken(aud: string, accessKey = ACCESS_KEY): string {
  const iat = Math.floor(Date.now() / 1000);
  const input = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(
    JSON.stringify({ aud, iat, exp: iat + 3600 }),
  )}`;
  return `${input}.${b64url(createHmac('sha256', accessKey).update(input).digest())}`;
}

/** Item 6: the JSON body of the `user` event a client sent through the service. */
export const eventBody = (seq: number) => ({ type: 'chat', text: 'hello, world', seq });

/** Item 6: what the app answers to it (event-servers.ts), which the load generator checks. */
export const expectedReply = (userId: string, seq: number) =>
  JSON.stringify({ from: userId, echo: eventBody(seq) });
