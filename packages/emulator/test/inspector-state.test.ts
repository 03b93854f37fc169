// The inspector's state: emulator.inspect() and GET …/api/state, built from both services' hubs, with
// real clients (@azure/web-pubsub-client, @microsoft/signalr) and the official server SDK. Also where
// the inspector is served, who it answers, and that it can be switched off.
import { request } from 'node:http';
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { WebPubSubClient } from '@azure/web-pubsub-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../src/index.js';
import { resolveOptions } from '../src/options.js';
import { negotiateResult, signalRClient, signalRRest } from './helpers/signalr.js';
import { eventually, officialServiceClient, startTestEmulator, WsProbe } from './helpers.js';

let emulator: Emulator;
let service: WebPubSubServiceClient;

beforeAll(async () => {
  emulator = await startTestEmulator();
  service = officialServiceClient(emulator, 'chat');
});
afterAll(() => emulator?.close());

const wpsHub = (name: string) => emulator.inspect().webPubSub.hubs.find((h) => h.name === name);
const srHub = (name: string) => emulator.inspect().signalR.hubs.find((h) => h.name === name);

describe('emulator.inspect()', () => {
  it('shows a Web PubSub client: user, protocol, groups, roles, messages in and out', async () => {
    const { url } = await service.getClientAccessToken({
      userId: 'alice',
      roles: ['webpubsub.joinLeaveGroup'],
      groups: ['lobby'],
    });
    const client = new WebPubSubClient(url);
    const received: unknown[] = [];
    client.on('server-message', (e) => void received.push(e.message.data));
    await client.start();
    try {
      await client.joinGroup('room');
      const alice = wpsHub('chat')?.connections.find((c) => c.userId === 'alice');
      expect(alice).toMatchObject({
        protocol: 'json.reliable.webpubsub.azure.v1',
        reliable: true,
        state: 'open',
        groups: ['lobby', 'room'],
        roles: ['webpubsub.joinLeaveGroup'],
      });
      const id = alice?.connectionId as string;
      expect(alice?.connectedAt).toBeGreaterThan(Date.now() - 60_000);
      expect(alice?.messagesIn).toBeGreaterThanOrEqual(1); // the joinGroup request
      expect(wpsHub('chat')?.groups.find((g) => g.name === 'room')?.members).toEqual([
        { connectionId: id, userId: 'alice' },
      ]);
      expect(wpsHub('chat')?.users).toContainEqual({ userId: 'alice', connectionIds: [id] });

      const out = alice?.messagesOut as number;
      await service.sendToAll('hello', { contentType: 'text/plain' });
      await eventually(() => received.length === 1);
      const after = wpsHub('chat')?.connections.find((c) => c.connectionId === id);
      expect(after?.messagesOut).toBe(out + 1);
    } finally {
      client.stop();
    }
    await eventually(() => wpsHub('chat') === undefined);
  });

  it('shows SignalR connections: transport, protocol, direct groups and user groups', async () => {
    const { url, accessToken } = await negotiateResult(
      emulator.signalR.endpoint,
      { nameid: 'bob' },
      'live',
    );
    const client = signalRClient(url, accessToken, 'LongPolling', 'json');
    const got: string[] = [];
    client.on('news', (text: string) => void got.push(text));
    await client.start();
    try {
      const id = client.connectionId as string;
      const rest = (method: string, path: string, body?: unknown) =>
        signalRRest(emulator.signalR.endpoint, method, path, body).then((r) => r.status);
      expect(await rest('PUT', 'live/groups/fans/users/bob?ttl=600')).toBe(202);
      expect(await rest('PUT', `live/groups/vip/connections/${id}`)).toBe(200);
      expect(await rest('POST', 'live', { target: 'news', arguments: ['hi'] })).toBe(202);
      await eventually(() => got.length === 1);
      const hub = srHub('live');
      expect(hub?.connections).toEqual([
        expect.objectContaining({
          connectionId: id,
          userId: 'bob',
          transport: 'LongPolling',
          protocol: 'json',
          groups: ['fans', 'vip'],
          messagesOut: 1,
        }),
      ]);
      const fans = hub?.groups.find((g) => g.name === 'fans');
      expect(fans?.members).toEqual([{ connectionId: id, userId: 'bob' }]);
      expect(fans?.users).toEqual([{ userId: 'bob', expiresAt: expect.any(Number) }]);
      expect(fans?.users[0]?.expiresAt).toBeGreaterThan(Date.now() + 500_000);
      expect(hub?.groups.find((g) => g.name === 'vip')?.users).toEqual([]);
      // A REST call on a hub nobody is in makes no hub appear.
      expect(await rest('GET', 'ghost/users/nobody')).toBe(404);
      expect(srHub('ghost')).toBeUndefined();
    } finally {
      await client.stop();
    }
  });

  it('is what GET …/api/state answers', async () => {
    const probe = await WsProbe.connect(
      (await service.getClientAccessToken({ userId: 'carol' })).url,
    );
    try {
      const answer = await fetch(`${emulator.inspectUrl}api/state`);
      expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
      const state = await answer.json();
      const { takenAt: _a, timeline: _b, ...now } = emulator.inspect();
      const { takenAt: _c, timeline, ...served } = state;
      expect(served).toEqual(now);
      expect(timeline).toMatchObject({ capacity: 2000, watchers: 0 });
      expect(served.webPubSub.hubs[0].connections[0]).toMatchObject({
        userId: 'carol',
        protocol: 'plain',
      });
    } finally {
      await probe.close();
    }
  });
});

describe('where the inspector is served', () => {
  it('is at /_hubcast/inspector/ on the Web PubSub port, with a strict content security policy', async () => {
    expect(emulator.inspectUrl).toBe(`${emulator.webPubSub.endpoint}/_hubcast/inspector/`);
    const redirect = await fetch(emulator.inspectUrl?.slice(0, -1) as string, {
      redirect: 'manual',
    });
    expect(redirect.status).toBe(308);
    expect(redirect.headers.get('location')).toBe('/_hubcast/inspector/');
    const page = await fetch(emulator.inspectUrl as string);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
    const html = await page.text();
    for (const [asset, type] of [...html.matchAll(/(?:src|href)="([\w-]+\.(js|css))"/g)].map(
      (m) => [m[1], m[2]],
    )) {
      const file = await fetch(`${emulator.inspectUrl}${asset}`);
      expect(file.status, asset).toBe(200);
      expect(file.headers.get('content-type')).toContain(
        type === 'js' ? 'text/javascript' : 'text/css',
      );
    }
    expect((await fetch(`${emulator.inspectUrl}nothing.js`)).status).toBe(404);
    expect((await fetch(`${emulator.inspectUrl}..%2Fhttp-api.ts`)).status).toBe(404);
    // The services' own routes are untouched.
    expect((await fetch(`${emulator.webPubSub.endpoint}/_hubcast`)).status).toBe(404);
    expect((await fetch(`${emulator.signalR.endpoint}/_hubcast/inspector/`)).status).toBe(404);
  });

  it('answers only loopback host names on loopback (no DNS rebinding)', async () => {
    const port = new URL(emulator.webPubSub.endpoint).port;
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/_hubcast/inspector/api/state', headers: { host } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await status(`attacker.example:${port}`)).toBe(403);
    expect(await status(`localhost:${port}`)).toBe(200);
    expect(await status(`[::1]:${port}`)).toBe(200);
  });

  it('is off with inspector: false, and inspect() still works', async () => {
    const off = await startEmulator({ webPubSubPort: 0, signalRPort: 0, inspector: false });
    try {
      expect(off.inspectUrl).toBeUndefined();
      expect((await fetch(`${off.webPubSub.endpoint}/_hubcast/inspector/`)).status).toBe(404);
      const client = officialServiceClient(off, 'quiet');
      const probe = await WsProbe.connect(
        (await client.getClientAccessToken({ userId: 'dan' })).url,
      );
      expect(off.inspect().webPubSub.hubs[0]?.connections[0]?.userId).toBe('dan');
      expect(off.inspect().timeline).toEqual({
        recorded: 0,
        kept: 0,
        capacity: 0,
        lastSeq: 0,
        watchers: 0,
      });
      await probe.close();
    } finally {
      await off.close();
    }
  });

  it('defaults to on for loopback hosts only', () => {
    expect(resolveOptions({}).inspector).toBe(true);
    expect(resolveOptions({ host: 'localhost' }).inspector).toBe(true);
    expect(resolveOptions({ host: '::1' }).inspector).toBe(true);
    expect(resolveOptions({ host: '0.0.0.0' }).inspector).toBe(false);
    expect(resolveOptions({ host: '192.0.2.10' }).inspector).toBe(false);
    expect(resolveOptions({ host: '0.0.0.0', inspector: true }).inspector).toBe(true);
    expect(() => resolveOptions({ inspector: 'yes' as unknown as boolean })).toThrow(
      'options.inspector must be a boolean.',
    );
  });
});
