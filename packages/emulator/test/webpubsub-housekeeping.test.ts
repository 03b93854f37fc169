// Housekeeping of the Web PubSub service: a hub's state is freed when its last connection leaves, REST
// routes answer CORS preflights, and `:addToGroups` / `:removeFromGroups` are bounded (400 past the
// limits) and yield to the event loop on large valid operations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenVerifier } from '../src/auth/token-verifier.js';
import type { HubRegistry } from '../src/shared/hub-index.js';
import type { WpsHub } from '../src/webpubsub/hub.js';
import { startWebPubSubService } from '../src/webpubsub/service.js';
import { eventually, KEY, restCall, signToken, WsProbe } from './helpers.js';

let service: Awaited<ReturnType<typeof startWebPubSubService>>;
let hubs: HubRegistry<WpsHub>;
const endpoint = () => `http://127.0.0.1:${service.port}`;
const api = (path: string) => `${endpoint()}/api/hubs/${path}?api-version=2024-12-01`;

beforeAll(async () => {
  const verifier = await TokenVerifier.create(KEY);
  service = await startWebPubSubService({ host: '127.0.0.1', port: 0, verifier, log: () => {} });
  hubs = service.hubs;
});
afterAll(() => service.close());

async function connect(hub: string, claims: Record<string, unknown> = {}) {
  const aud = `${endpoint()}/client/hubs/${hub}`;
  const token = await signToken({ aud, ...claims });
  return WsProbe.connect(
    `${aud.replace(/^http/, 'ws')}?access_token=${token}`,
    'json.webpubsub.azure.v1',
  );
}

describe('hub state', () => {
  it('is freed when the last connection leaves, and REST calls never create it', async () => {
    const probes = await Promise.all(
      ['h1', 'h2', 'H1'].map((hub) => connect(hub, { 'webpubsub.group': ['g'] })),
    );
    expect(hubs.size).toBe(2); // hub names are case-insensitive
    await Promise.all(probes.map((p) => p.close()));
    await eventually(() => hubs.size === 0);
    const sends = Array.from({ length: 50 }, (_, i) =>
      restCall('POST', api(`unused${i}/:send`), { body: 'x', contentType: 'text/plain' }),
    );
    expect((await Promise.all(sends)).map((r) => r.status)).toEqual(sends.map(() => 202));
    expect((await restCall('HEAD', api('unused1/groups/g'))).status).toBe(404);
    expect(hubs.size).toBe(0);
  });
});

describe('CORS', () => {
  it('answers a preflight with the path’s methods and echoes the Origin on the call itself', async () => {
    const url = api('cors/:send');
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://tool.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'http://tool.example',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type',
    });
    const token = await signToken({ aud: url });
    const call = await fetch(url, {
      method: 'POST',
      headers: {
        origin: 'http://tool.example',
        authorization: `Bearer ${token}`,
        'content-type': 'text/plain',
      },
      body: 'hi',
    });
    expect(call.status).toBe(202);
    expect(call.headers.get('access-control-allow-origin')).toBe('http://tool.example');
  });
});

describe(':addToGroups / :removeFromGroups limits', () => {
  const groups = (n: number, prefix = 'g') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const change = (action: 'addToGroups' | 'removeFromGroups', body: object) =>
    restCall('POST', api(`limits/:${action}`), {
      body: JSON.stringify(body),
      contentType: 'application/json',
    });

  it('refuses more than 1,000 groups in one request, and more than 1,000 groups on a connection', async () => {
    const probe = await connect('limits');
    const connectionId = (await probe.nextJson()).connectionId as string;
    const tooMany = await change('addToGroups', { groups: groups(1001) });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).message).toMatch(/At most 1000 groups/);
    expect((await change('addToGroups', { groups: groups(999) })).status).toBe(200);
    const over = await change('addToGroups', { groups: groups(20, 'more') });
    expect(over.status).toBe(400);
    expect((await over.json()).message).toContain(connectionId);
    // Nothing was applied by the refused request.
    expect((await restCall('HEAD', api('limits/groups/more0'))).status).toBe(404);
    const join = await restCall('PUT', api(`limits/groups/more0/connections/${connectionId}`));
    expect(join.status).toBe(200);
    const full = await restCall('PUT', api(`limits/groups/more1/connections/${connectionId}`));
    expect(full.status).toBe(400);
    expect((await change('removeFromGroups', { groups: groups(1000) })).status).toBe(200);
    await probe.close();
  });

  it('keeps serving other requests while a large valid operation runs', async () => {
    const probes = await Promise.all(Array.from({ length: 100 }, () => connect('big')));
    const order: string[] = [];
    const big = restCall('POST', api('big/:addToGroups'), {
      body: JSON.stringify({ groups: groups(1000) }),
      contentType: 'application/json',
    }).then((r) => {
      order.push('addToGroups');
      return r.status;
    });
    await new Promise((r) => setTimeout(r, 5));
    const health = restCall('HEAD', `${endpoint()}/api/health?api-version=2024-12-01`, {
      token: null,
    }).then((r) => {
      order.push('health');
      return r.status;
    });
    expect(await Promise.all([big, health])).toEqual([200, 200]);
    expect(order).toEqual(['health', 'addToGroups']);
    expect((await restCall('HEAD', api('big/groups/g999'))).status).toBe(200);
    await Promise.all(probes.map((p) => p.close()));
  });
});
