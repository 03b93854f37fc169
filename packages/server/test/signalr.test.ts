// SignalR v1 requests and tokens against the wire rules: aud without query or trailing slash, the
// application-name prefix (lowercased), repeated `excluded`, PayloadMessage bodies, negotiate claims.
import { jwtVerify } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SignalRServiceClient } from '../src/index.js';
import { bearerOf, decodeJwt } from './helpers/jwt.js';
import { recordOne, successReply, useRecordingServer } from './helpers/recording-server.js';
import type { SignalRCase } from './helpers/signalr-cases.js';

const KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
const server = useRecordingServer();
let client: SignalRServiceClient;

beforeAll(() => {
  client = new SignalRServiceClient(
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
    'Chat',
    { retry: { maxRetries: 0 } },
  );
});

const one = (call: () => Promise<unknown>) => recordOne(server, call);

type Case = SignalRCase;

const H = '/api/v1/hubs/chat';
const cases: Case[] = [
  {
    name: 'sendToAll',
    call: (c) => c.sendToAll('newMessage', ['hi', 1, { a: true }, null]),
    method: 'POST',
    target: H,
    body: { Target: 'newMessage', Arguments: ['hi', 1, { a: true }, null] },
  },
  {
    name: 'sendToAll without args',
    call: (c) => c.sendToAll('ping'),
    method: 'POST',
    target: H,
    body: { Target: 'ping', Arguments: [] },
  },
  {
    name: 'sendToAll excluded (repeated key)',
    call: (c) => c.sendToAll('m', [1], { excluded: ['c1', 'c 2/3'] }),
    method: 'POST',
    target: `${H}?excluded=c1&excluded=c%202%2F3`,
    body: { Target: 'm', Arguments: [1] },
  },
  {
    name: 'sendToUser',
    call: (c) => c.sendToUser('user@x y', 'm', ['a']),
    method: 'POST',
    target: `${H}/users/user%40x%20y`,
    body: { Target: 'm', Arguments: ['a'] },
  },
  {
    name: 'sendToConnection',
    call: (c) => c.sendToConnection('conn#1', 'm'),
    method: 'POST',
    target: `${H}/connections/conn%231`,
    body: { Target: 'm', Arguments: [] },
  },
  {
    name: 'sendToGroup excluded',
    call: (c) => c.sendToGroup('room 1/ü', 'm', [2], { excluded: ['a', 'b'] }),
    method: 'POST',
    target: `${H}/groups/room%201%2F%C3%BC?excluded=a&excluded=b`,
    body: { Target: 'm', Arguments: [2] },
  },
  {
    name: 'connectionExists',
    call: (c) => c.connectionExists('c1'),
    method: 'GET',
    target: `${H}/connections/c1`,
  },
  {
    name: 'groupExists',
    call: (c) => c.groupExists('g 1'),
    method: 'GET',
    target: `${H}/groups/g%201`,
  },
  { name: 'userExists', call: (c) => c.userExists('u1'), method: 'GET', target: `${H}/users/u1` },
  {
    name: 'userInGroup',
    call: (c) => c.userInGroup('u1', 'g1'),
    method: 'GET',
    target: `${H}/groups/g1/users/u1`,
  },
  {
    name: 'closeConnection reason',
    call: (c) => c.closeConnection('c1', { reason: 'bye now' }),
    method: 'DELETE',
    target: `${H}/connections/c1?reason=bye%20now`,
  },
  {
    name: 'addConnectionToGroup',
    call: (c) => c.addConnectionToGroup('c1', 'g1'),
    method: 'PUT',
    target: `${H}/groups/g1/connections/c1`,
  },
  {
    name: 'removeConnectionFromGroup',
    call: (c) => c.removeConnectionFromGroup('c1', 'g1'),
    method: 'DELETE',
    target: `${H}/groups/g1/connections/c1`,
  },
  {
    name: 'addUserToGroup',
    call: (c) => c.addUserToGroup('u1', 'g1'),
    method: 'PUT',
    target: `${H}/groups/g1/users/u1`,
  },
  {
    name: 'addUserToGroup ttl',
    call: (c) => c.addUserToGroup('u1', 'g1', { ttlSeconds: 3600 }),
    method: 'PUT',
    target: `${H}/groups/g1/users/u1?ttl=3600`,
  },
  {
    name: 'removeUserFromGroup',
    call: (c) => c.removeUserFromGroup('u1', 'g1'),
    method: 'DELETE',
    target: `${H}/groups/g1/users/u1`,
  },
  {
    name: 'removeUserFromAllGroups',
    call: (c) => c.removeUserFromAllGroups('u1'),
    method: 'DELETE',
    target: `${H}/users/u1/groups`,
  },
  {
    name: 'isServiceHealthy',
    call: (c) => c.isServiceHealthy(),
    method: 'HEAD',
    target: '/api/v1/health',
  },
];

describe('SignalR REST requests', () => {
  it.each(cases)('$name', async ({ call, method, target, body }) => {
    const { request } = await one(() => call(client));
    expect(request.method).toBe(method);
    expect(request.target).toBe(target);
    if (body === undefined) {
      expect(request.body.length).toBe(0);
    } else {
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body.toString('utf8'))).toEqual(body);
    }
    const { header, claims } = bearerOf(request.headers.authorization);
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    // aud is the request URL without query string or trailing slash.
    expect(claims.aud).toBe(`${server.url}${target.split('?')[0]}`);
    expect((claims.exp as number) - (claims.iat as number)).toBe(3600);
  });

  it('REST tokens verify with the access key as UTF-8 bytes', async () => {
    const { request } = await one(() => client.sendToAll('m'));
    const token = (request.headers.authorization as string).slice('Bearer '.length);
    const { payload } = await jwtVerify(token, new TextEncoder().encode(KEY), {
      audience: `${server.url}${H}`,
    });
    expect(payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it.each([
    [200, true],
    [404, false],
  ])('existence checks answer %i → %s', async (status, expected) => {
    server.respond = () => ({ status });
    for (const check of [
      () => client.connectionExists('c'),
      () => client.groupExists('g'),
      () => client.userExists('u'),
      () => client.userInGroup('u', 'g'),
    ]) {
      expect((await one(check)).result).toBe(expected);
    }
  });

  it.each([200, 202, 204])('any 2xx (%i) is success', async (status) => {
    server.respond = () => ({ status });
    await expect(client.sendToAll('m')).resolves.toBeUndefined();
    await expect(client.addUserToGroup('u', 'g')).resolves.toBeUndefined();
    await expect(client.removeUserFromAllGroups('u')).resolves.toBeUndefined();
  });

  it('applicationName prefixes the hub as {app}_{hub}, lowercased', async () => {
    const prefixed = new SignalRServiceClient(
      `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
      'ChatHub',
      { applicationName: 'MyApp', retry: { maxRetries: 0 } },
    );
    const { request } = await one(() => prefixed.sendToGroup('G', 'm'));
    expect(request.target).toBe('/api/v1/hubs/myapp_chathub/groups/G');
    expect(bearerOf(request.headers.authorization).claims.aud).toBe(
      `${server.url}/api/v1/hubs/myapp_chathub/groups/G`,
    );
    const { url } = await prefixed.negotiate();
    expect(url).toBe(`${server.url}/client/?hub=myapp_chathub`);
  });

  it('fan-out sends the same PayloadMessage to every target', async () => {
    const results = await client.sendToUsers(['u1', 'u2', 'u3'], 'm', [{ big: 'x' }], {
      concurrency: 2,
    });
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const requests = server.take();
    expect(requests.map((r) => r.target).sort()).toEqual([
      `${H}/users/u1`,
      `${H}/users/u2`,
      `${H}/users/u3`,
    ]);
    for (const r of requests) {
      expect(JSON.parse(r.body.toString())).toEqual({ Target: 'm', Arguments: [{ big: 'x' }] });
    }
    await client.sendToGroups(['g1', 'g2'], 'm', [], { excluded: ['x'] });
    expect(
      server
        .take()
        .map((r) => r.target)
        .sort(),
    ).toEqual([`${H}/groups/g1?excluded=x`, `${H}/groups/g2?excluded=x`]);
    await client.sendToConnections(['c1'], 'm');
    expect(server.take().map((r) => r.target)).toEqual([`${H}/connections/c1`]);
  });
});

describe('negotiate', () => {
  it('returns {url, accessToken} with aud = url and the user in nameid', async () => {
    const { url, accessToken } = await client.negotiate({ userId: 'alice' });
    expect(url).toBe(`${server.url}/client/?hub=chat`);
    const { payload, protectedHeader } = await jwtVerify(
      accessToken,
      new TextEncoder().encode(KEY),
      {
        audience: url,
      },
    );
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload.nameid).toBe('alice');
    expect(payload.sub).toBeUndefined();
    expect((payload.exp as number) - (payload.iat as number)).toBe(3600);
    expect(server.take()).toHaveLength(0);
  });

  it('adds custom claims and honours expiresInMinutes', async () => {
    const { accessToken } = await client.negotiate({
      claims: { role: ['admin', 'ops'], tenant: 't1' },
      expiresInMinutes: 5,
    });
    const { claims } = decodeJwt(accessToken);
    expect(claims.role).toEqual(['admin', 'ops']);
    expect(claims.tenant).toBe('t1');
    expect(claims.nameid).toBeUndefined();
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
  });

  it.each(['aud', 'exp', 'iat', 'nbf', 'nameid', 'sub', 'asrs.s.uid'])(
    'custom claim %s cannot override a system claim',
    async (name) => {
      await expect(
        client.negotiate({ userId: 'alice', claims: { [name]: 'evil' } }),
      ).rejects.toThrow(new RegExp(`options\\.claims\\.${name.replace(/\./g, '\\.')}`));
    },
  );

  it('rejects tokens the service would refuse (4 KB or more)', async () => {
    await expect(client.negotiate({ claims: { blob: 'x'.repeat(4000) } })).rejects.toThrow(
      RangeError,
    );
  });

  it('uses ClientEndpoint for the client URL and ServerEndpoint for REST', async () => {
    const withEndpoints = new SignalRServiceClient(
      `Endpoint=https://contoso.service.signalr.net;AccessKey=${KEY};Version=1.0;ClientEndpoint=https://clients.contoso.com;ServerEndpoint=${server.url};`,
      'chat',
      { retry: { maxRetries: 0 } },
    );
    const { url, accessToken } = await withEndpoints.negotiate();
    expect(url).toBe('https://clients.contoso.com/client/?hub=chat');
    expect(decodeJwt(accessToken).claims.aud).toBe(url);
    const { request } = await one(() => withEndpoints.sendToAll('m'));
    expect(request.target).toBe(H);
    // Like a reverse proxy: the request goes to ServerEndpoint, the audience stays the Endpoint.
    expect(bearerOf(request.headers.authorization).claims.aud).toBe(
      'https://contoso.service.signalr.net/api/v1/hubs/chat',
    );
  });
});

describe('Entra ID credential', () => {
  const ACCESS_KEY = 'temporary-access-key-from-the-service-0123456789';
  const scopes: unknown[] = [];
  const credential = {
    getToken: async (scope: string | string[]) => {
      scopes.push(scope);
      return { token: 'entra-token', expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };

  afterEach(() => vi.useRealTimers());

  it('REST calls use scope https://signalr.azure.com/.default', async () => {
    const entra = new SignalRServiceClient(server.url, credential, 'chat', {
      retry: { maxRetries: 0 },
    });
    const { request } = await one(() => entra.sendToAll('m'));
    expect(request.headers.authorization).toBe('Bearer entra-token');
    expect([scopes.at(-1)].flat()).toEqual(['https://signalr.azure.com/.default']);
  });

  it('negotiate signs with the key from GET /api/v1/auth/accessKey (kid = KeyId), cached for 55 min', async () => {
    let served = 0;
    server.respond = (request) => {
      if (request.target === '/api/v1/auth/accessKey') {
        served++;
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ KeyId: `kid-${served}`, AccessKey: ACCESS_KEY }),
        };
      }
      return successReply(request);
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    const entra = new SignalRServiceClient(server.url, credential, 'chat', {
      retry: { maxRetries: 0 },
    });
    const [first, second] = await Promise.all([
      entra.negotiate({ userId: 'bob' }),
      entra.negotiate({ userId: 'bob' }),
    ]);
    const requests = server.take();
    expect(requests.map((r) => [r.method, r.target, r.headers.authorization])).toEqual([
      ['GET', '/api/v1/auth/accessKey', 'Bearer entra-token'],
    ]);
    for (const { url, accessToken } of [first, second]) {
      const { payload, protectedHeader } = await jwtVerify(
        accessToken,
        new TextEncoder().encode(ACCESS_KEY),
        { audience: url },
      );
      expect(protectedHeader.kid).toBe('kid-1');
      expect(payload.nameid).toBe('bob');
    }
    vi.advanceTimersByTime(54 * 60 * 1000);
    await entra.negotiate();
    expect(server.take()).toHaveLength(0);
    vi.advanceTimersByTime(2 * 60 * 1000);
    const refreshed = await entra.negotiate();
    expect(server.take().map((r) => r.target)).toEqual(['/api/v1/auth/accessKey']);
    expect(decodeJwt(refreshed.accessToken).header.kid).toBe('kid-2');
  });
});
