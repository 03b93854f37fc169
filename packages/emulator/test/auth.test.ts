// Token checks on every entry point: Web PubSub REST and client WebSocket, SignalR REST, negotiate and
// client WebSocket. Forged, expired, not-yet-valid, wrong-aud, alg:none, malformed and missing tokens
// are refused; the reason is given, the token never echoed.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  KEY,
  restCall,
  signToken,
  startTestEmulator,
  unsignedToken,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator({ log: (line) => lines.push(line) });
});
afterAll(() => emulator.close());

interface BadToken {
  readonly name: string;
  /** Builds the token for an endpoint whose correct audience is `aud`. */
  readonly make: (aud: string) => Promise<string | null>;
  readonly reason: RegExp;
}

const now = () => Math.floor(Date.now() / 1000);
const otherPort = (aud: string) => {
  const url = new URL(aud);
  url.port = String(Number(url.port) + 1);
  return url.href;
};

const badTokens: BadToken[] = [
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
    name: 'not yet valid',
    make: (aud) => signToken({ aud }, { notBefore: 600 }),
    reason: /not yet valid/,
  },
  {
    name: 'wrong aud (path)',
    make: (aud) => signToken({ aud: `${aud}/other` }),
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
  { name: 'malformed', make: async () => 'not.a.jwt', reason: /malformed/ },
];

async function expectRefusedRest(
  method: string,
  url: string,
  aud: string,
  bad: BadToken,
  body?: string,
) {
  const token = await bad.make(aud);
  const response = await restCall(method, url, {
    token,
    ...(body ? { body, contentType: 'application/json' } : {}),
  });
  const text = await response.text();
  expect(response.status).toBe(401);
  expect(response.headers.get('x-ms-error-code')).toBe('Unauthorized');
  expect(JSON.parse(text).message).toMatch(bad.reason);
  if (token) expect(text).not.toContain(token);
}

describe('Web PubSub REST', () => {
  const url = () =>
    `${emulator.webPubSub.endpoint}/api/hubs/chat/:send?api-version=2024-12-01&excluded=a`;
  const send = (token: string) =>
    restCall('POST', url(), { token, body: '"x"', contentType: 'application/json' });

  it('accepts aud = the URL with its query, or without it', async () => {
    expect((await send(await signToken({ aud: url() }))).status).toBe(202);
    expect((await send(await signToken({ aud: url().split('?')[0] }))).status).toBe(202);
  });

  it('refuses an aud with another query or another port', async () => {
    expect(
      (await send(await signToken({ aud: url().replace('excluded=a', 'excluded=b') }))).status,
    ).toBe(401);
    expect((await send(await signToken({ aud: otherPort(url()) }))).status).toBe(401);
  });

  it.each(badTokens)('refuses a $name token with 401', async (bad) => {
    await expectRefusedRest('POST', url(), url(), bad, '"x"');
  });
});

describe('SignalR REST', () => {
  const url = () => `${emulator.signalR.endpoint}/api/v1/hubs/chat`;
  const body = JSON.stringify({ Target: 't', Arguments: [] });
  const broadcast = (token: string, query = '') =>
    restCall('POST', `${url()}${query}`, { token, body, contentType: 'application/json' });

  it('compares aud without query and port', async () => {
    expect(await broadcast(await signToken({ aud: url() }), '?excluded=x')).toHaveProperty(
      'status',
      202,
    );
    expect(await broadcast(await signToken({ aud: otherPort(url()) }))).toHaveProperty(
      'status',
      202,
    );
    expect(await broadcast(await signToken({ aud: `${url()}/` }))).toHaveProperty('status', 202);
    expect(
      await broadcast(await signToken({ aud: url().replace('http:', 'https:') })),
    ).toHaveProperty('status', 401);
  });

  it.each(badTokens)('refuses a $name token with 401', async (bad) => {
    await expectRefusedRest('POST', url(), url(), bad, body);
  });
});

describe('Web PubSub client WebSocket', () => {
  const httpUrl = () => `${emulator.webPubSub.endpoint}/client/hubs/chat`;
  const wsUrl = () => httpUrl().replace(/^http/, 'ws');

  it('accepts the token from access_token or from the Authorization header', async () => {
    const token = await signToken({ aud: httpUrl() });
    await (await WsProbe.connect(`${wsUrl()}?access_token=${token}`)).close();
    await (await WsProbe.connect(wsUrl(), undefined, { authorization: `Bearer ${token}` })).close();
  });

  it.each(badTokens)(
    'refuses the handshake for a $name token with 401 and the reason',
    async (bad) => {
      const token = await bad.make(httpUrl());
      const url = token === null ? wsUrl() : `${wsUrl()}?access_token=${encodeURIComponent(token)}`;
      const refusal = await WsProbe.connect(url).catch((e) => e);
      expect(refusal).toMatchObject({ status: 401, body: expect.stringMatching(bad.reason) });
      if (token) expect(refusal.body).not.toContain(token);
    },
  );

  it('refuses a token for another hub', async () => {
    const token = await signToken({ aud: `${emulator.webPubSub.endpoint}/client/hubs/other` });
    await expect(WsProbe.connect(`${wsUrl()}?access_token=${token}`)).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('SignalR negotiate and client WebSocket', () => {
  const clientUrl = () => `${emulator.signalR.endpoint}/client/?hub=chat`;
  const negotiateUrl = () =>
    `${emulator.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`;

  it('refuses a token minted for another hub', async () => {
    const token = await signToken({ aud: `${emulator.signalR.endpoint}/client/?hub=other` });
    const response = await restCall('POST', negotiateUrl(), { token });
    expect(response.status).toBe(401);
  });

  it.each(badTokens)('refuses negotiate and the handshake for a $name token', async (bad) => {
    await expectRefusedRest('POST', negotiateUrl(), clientUrl(), bad);
    const token = await bad.make(clientUrl());
    const ws = `${clientUrl().replace(/^http/, 'ws')}${token === null ? '' : `&access_token=${encodeURIComponent(token)}`}`;
    const refusal = await WsProbe.connect(ws).catch((e) => e);
    expect(refusal).toMatchObject({ status: 401, body: expect.stringMatching(bad.reason) });
  });
});

describe('secrets stay out of logs and inspection', () => {
  it('logs one line per REST call and connection without tokens or the key', async () => {
    await restCall(
      'POST',
      `${emulator.webPubSub.endpoint}/api/hubs/chat/:send?api-version=2024-12-01`,
      { token: null },
    );
    const token = await signToken({
      aud: `${emulator.webPubSub.endpoint}/client/hubs/chat`,
      sub: 'logged',
    });
    const forged = await signToken(
      { aud: `${emulator.webPubSub.endpoint}/client/hubs/chat` },
      { key: 'wrong' },
    );
    const wsBase = `${emulator.webPubSub.endpoint.replace(/^http/, 'ws')}/client/hubs/chat`;
    await expect(WsProbe.connect(`${wsBase}?access_token=${forged}`)).rejects.toMatchObject({
      status: 401,
    });
    const probe = await WsProbe.connect(
      `${emulator.webPubSub.endpoint.replace(/^http/, 'ws')}/client/hubs/chat?access_token=${token}`,
    );
    await probe.close();
    const joined = lines.join('\n');
    expect(joined).toMatch(
      /\[webpubsub\] connected hub=chat connection=\S+ user=logged protocol=plain/,
    );
    expect(joined).toMatch(/\[webpubsub\] POST \/api\/hubs\/chat\/:send 401/);
    expect(joined).toContain(
      '[webpubsub] refused WebSocket /client/hubs/chat 401: The token signature is invalid.',
    );
    expect(joined).not.toContain(token);
    expect(joined).not.toContain(forged);
    expect(joined).not.toContain(KEY);
    expect(joined).not.toMatch(/access_token=/);
  });
});
