// SignalR negotiate and the JSON / MessagePack hub protocols on a raw WebSocket: the negotiate
// answer and its CORS, record framing, handshake answers and refusals, pings, unknown ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, signToken, startTestEmulator, WsProbe } from './helpers.js';

let emulator: Emulator;

beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

/** What a serverless app server's negotiate returns: the client URL and a token whose aud is that URL. */
async function negotiateResult(claims: Record<string, unknown>, hub = 'chat') {
  const url = `${emulator.signalR.endpoint}/client/?hub=${hub}`;
  return { url, accessToken: await signToken({ aud: url, ...claims }) };
}

describe('negotiate and the hub protocol on the wire', () => {
  it('answers negotiate v1 with all three transports and CORS that echoes the Origin with credentials', async () => {
    const { url, accessToken } = await negotiateResult({ nameid: 'n' });
    const negotiateUrl = `${emulator.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`;
    const origin = 'http://app.example:3000';
    const preflight = await fetch(negotiateUrl, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,x-requested-with',
      },
    });
    expect(preflight.status).toBe(204);
    expect(
      Object.fromEntries([...preflight.headers].filter(([k]) => k.startsWith('access-control'))),
    ).toEqual({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'authorization,x-requested-with',
      'access-control-max-age': '86400',
    });
    const response = await fetch(negotiateUrl, {
      method: 'POST',
      headers: { origin, authorization: `Bearer ${accessToken}` },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    const body = await response.json();
    expect(body).toEqual({
      negotiateVersion: 1,
      connectionId: expect.any(String),
      connectionToken: expect.any(String),
      availableTransports: [
        { transport: 'WebSockets', transferFormats: ['Text', 'Binary'] },
        { transport: 'ServerSentEvents', transferFormats: ['Text'] },
        { transport: 'LongPolling', transferFormats: ['Text', 'Binary'] },
      ],
    });
    expect(body.connectionToken).not.toBe(body.connectionId);
    const unauthorized = await fetch(negotiateUrl, { method: 'POST', headers: { origin } });
    expect([unauthorized.status, unauthorized.headers.get('access-control-allow-origin')]).toEqual([
      401,
      origin,
    ]);
    expect(url).toContain('/client/?hub=chat');
  });

  async function rawConnection(emu: Emulator, protocol = 'json', version = 1) {
    const url = `${emu.signalR.endpoint}/client/?hub=chat`;
    const token = await signToken({ aud: url, nameid: 'raw' });
    const negotiate = await fetch(
      `${emu.signalR.endpoint}/client/negotiate?hub=chat&negotiateVersion=1`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      },
    );
    const { connectionToken } = await negotiate.json();
    const wsUrl = `${url.replace(/^http/, 'ws')}&id=${connectionToken}&access_token=${token}`;
    const probe = await WsProbe.connect(wsUrl);
    probe.socket.send(`${JSON.stringify({ protocol, version })}\x1e`);
    return probe;
  }

  it('frames with 0x1e, answers the handshake with {} and pings (type 6) on the keep-alive interval', async () => {
    const fast = await startTestEmulator({ keepAliveMs: 50 });
    try {
      const probe = await rawConnection(fast);
      expect(await probe.next()).toEqual({ data: Buffer.from('{}\x1e'), binary: false });
      expect(await probe.next()).toEqual({ data: Buffer.from('{"type":6}\x1e'), binary: false });
      await probe.close();
    } finally {
      await fast.close();
    }
  });

  it('refuses an unknown protocol or version in the handshake with an error answer, then closes', async () => {
    for (const [protocol, version, error] of [
      ['protobuf', 1, "The protocol 'protobuf' is not supported."],
      ['json', 3, "The server does not support version 3 of the 'json' protocol."],
    ] as const) {
      const probe = await rawConnection(emulator, protocol, version);
      expect(await probe.next()).toEqual({
        data: Buffer.from(`${JSON.stringify({ error })}\x1e`),
        binary: false,
      });
      expect((await probe.closed).code).toBe(1000);
    }
  });

  it('answers a MessagePack handshake with {} in a binary frame, and pings in MessagePack', async () => {
    const fast = await startTestEmulator({ keepAliveMs: 50 });
    try {
      const probe = await rawConnection(fast, 'messagepack');
      expect(await probe.next()).toEqual({ data: Buffer.from('{}\x1e'), binary: true });
      // A length prefix of 2, then the MessagePack array [6].
      expect(await probe.next()).toEqual({ data: Buffer.from([0x02, 0x91, 0x06]), binary: true });
      await probe.close();
    } finally {
      await fast.close();
    }
  });

  it('refuses a connection id that was never negotiated', async () => {
    const url = `${emulator.signalR.endpoint}/client/?hub=chat`;
    const token = await signToken({ aud: url });
    const wsUrl = `${url.replace(/^http/, 'ws')}&id=made-up&access_token=${token}`;
    await expect(WsProbe.connect(wsUrl)).rejects.toMatchObject({ status: 404 });
  });
});
