// How each entry point compares a token's audience with the URL (query, port, trailing slash, hub),
// and that tokens and the key stay out of the log. Bad tokens on every entry point: auth-matrix.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, KEY, restCall, signToken, startTestEmulator, WsProbe } from './helpers.js';

let emulator: Emulator;
const lines: string[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator({ log: (line) => lines.push(line) });
});
afterAll(() => emulator.close());

const otherPort = (aud: string) => {
  const url = new URL(aud);
  url.port = String(Number(url.port) + 1);
  return url.href;
};

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
});

describe('Web PubSub client WebSocket', () => {
  const httpUrl = () => `${emulator.webPubSub.endpoint}/client/hubs/chat`;
  const wsUrl = () => httpUrl().replace(/^http/, 'ws');

  it('accepts the token from access_token or from the Authorization header', async () => {
    const token = await signToken({ aud: httpUrl() });
    await (await WsProbe.connect(`${wsUrl()}?access_token=${token}`)).close();
    await (await WsProbe.connect(wsUrl(), undefined, { authorization: `Bearer ${token}` })).close();
  });

  it('refuses a token for another hub', async () => {
    const token = await signToken({ aud: `${emulator.webPubSub.endpoint}/client/hubs/other` });
    await expect(WsProbe.connect(`${wsUrl()}?access_token=${token}`)).rejects.toMatchObject({
      status: 401,
    });
  });
});

describe('SignalR negotiate and client WebSocket', () => {
  const negotiateUrl = () =>
    `${emulator.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`;

  it('refuses a token minted for another hub', async () => {
    const token = await signToken({ aud: `${emulator.signalR.endpoint}/client/?hub=other` });
    const response = await restCall('POST', negotiateUrl(), { token });
    expect(response.status).toBe(401);
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
