// SignalR's current API (2024-12-01) against a recording server: which API each method calls, the exact
// requests (method, path, query, body), the `application` parameter, the token audience, paging,
// client results, streams, transactions and client tokens.
import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { RestError, SignalRServiceClient, type SignalRServiceClientOptions } from '../src/index.js';
import { bearerOf, decodeJwt } from './helpers/jwt.js';
import { json, recordOne, useRecordingServer } from './helpers/recording-server.js';
import type { SignalRCase } from './helpers/signalr-cases.js';

const KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
const V = 'api-version=2024-12-01';
const H = '/api/hubs/chat';
const server = useRecordingServer();

function makeClient(options: SignalRServiceClientOptions = {}) {
  return new SignalRServiceClient(
    `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`,
    'Chat',
    { retry: { maxRetries: 0 }, ...options },
  );
}

const one = (call: () => Promise<unknown>) => recordOne(server, call);

type Case = SignalRCase;

const payload = (target: string, args: unknown[] = []) => ({ target, arguments: args });

/** The operations v1 also has, on a client built with apiVersion 2024-12-01. */
const sharedCases: Case[] = [
  {
    name: 'sendToAll excluded',
    call: (c) => c.sendToAll('m', [1, 'é'], { excluded: ['c1', 'c 2'] }),
    method: 'POST',
    target: `${H}/:send?${V}&excluded=c1&excluded=c%202`,
    body: payload('m', [1, 'é']),
  },
  {
    name: 'sendToUser',
    call: (c) => c.sendToUser('user@x y', 'm', ['a']),
    method: 'POST',
    target: `${H}/users/user%40x%20y/:send?${V}`,
    body: payload('m', ['a']),
  },
  {
    name: 'sendToConnection',
    call: (c) => c.sendToConnection('conn#1', 'm'),
    method: 'POST',
    target: `${H}/connections/conn%231/:send?${V}`,
    body: payload('m'),
  },
  {
    name: 'sendToGroup',
    call: (c) => c.sendToGroup('room 1/ü', 'm', [2], { excluded: ['a'] }),
    method: 'POST',
    target: `${H}/groups/room%201%2F%C3%BC/:send?${V}&excluded=a`,
    body: payload('m', [2]),
  },
  {
    name: 'connectionExists',
    call: (c) => c.connectionExists('c1'),
    method: 'HEAD',
    target: `${H}/connections/c1?${V}`,
  },
  {
    name: 'groupExists',
    call: (c) => c.groupExists('g1'),
    method: 'HEAD',
    target: `${H}/groups/g1?${V}`,
  },
  {
    name: 'userExists',
    call: (c) => c.userExists('u1'),
    method: 'HEAD',
    target: `${H}/users/u1?${V}`,
  },
  {
    name: 'userInGroup',
    call: (c) => c.userInGroup('u1', 'g1'),
    method: 'HEAD',
    target: `${H}/users/u1/groups/g1?${V}`,
  },
  {
    name: 'closeConnection',
    call: (c) => c.closeConnection('c1', { reason: 'bye now' }),
    method: 'DELETE',
    target: `${H}/connections/c1?${V}&reason=bye%20now`,
  },
  {
    name: 'addConnectionToGroup',
    call: (c) => c.addConnectionToGroup('c1', 'g1'),
    method: 'PUT',
    target: `${H}/groups/g1/connections/c1?${V}`,
  },
  {
    name: 'removeConnectionFromGroup',
    call: (c) => c.removeConnectionFromGroup('c1', 'g1'),
    method: 'DELETE',
    target: `${H}/groups/g1/connections/c1?${V}`,
  },
  {
    name: 'addUserToGroup ttl',
    call: (c) => c.addUserToGroup('u1', 'g1', { ttlSeconds: 0 }),
    method: 'PUT',
    target: `${H}/users/u1/groups/g1?${V}&ttl=0`,
  },
  {
    name: 'removeUserFromGroup',
    call: (c) => c.removeUserFromGroup('u1', 'g1'),
    method: 'DELETE',
    target: `${H}/users/u1/groups/g1?${V}`,
  },
  {
    name: 'removeUserFromAllGroups',
    call: (c) => c.removeUserFromAllGroups('u1'),
    method: 'DELETE',
    target: `${H}/users/u1/groups?${V}`,
  },
  {
    name: 'isServiceHealthy',
    call: (c) => c.isServiceHealthy(),
    method: 'HEAD',
    target: `/api/health?${V}`,
  },
];

/** The operations only the current API has, on a default (v1) client: they always use the current API. */
const currentOnlyCases: Case[] = [
  {
    name: 'closeAllConnections',
    call: (c) => c.closeAllConnections({ excluded: ['c1'], reason: 'maintenance' }),
    method: 'POST',
    target: `${H}/:closeConnections?${V}&excluded=c1&reason=maintenance`,
  },
  {
    name: 'closeUserConnections',
    call: (c) => c.closeUserConnections('u 1'),
    method: 'POST',
    target: `${H}/users/u%201/:closeConnections?${V}`,
  },
  {
    name: 'closeGroupConnections',
    call: (c) => c.closeGroupConnections('g/1', { reason: 'r' }),
    method: 'POST',
    target: `${H}/groups/g%2F1/:closeConnections?${V}&reason=r`,
  },
  {
    name: 'removeConnectionFromAllGroups',
    call: (c) => c.removeConnectionFromAllGroups('c1'),
    method: 'DELETE',
    target: `${H}/connections/c1/groups?${V}`,
  },
  {
    name: 'sendStreamItem',
    call: (c) => c.sendStreamItem('c1', 'inv-7', { n: 1 }, { completed: true }),
    method: 'POST',
    target: `${H}/connections/c1/streams/inv-7/:send?${V}&completed=true`,
    body: { n: 1 },
  },
  {
    name: 'sendStreamCompletion with an error',
    call: (c) => c.sendStreamCompletion('c1', 'inv-7', { error: 'failed!' }),
    method: 'POST',
    target: `${H}/connections/c1/streams/inv-7/:complete?${V}&reason=failed!`,
  },
  {
    name: 'execute',
    call: (c) =>
      c.execute(
        [
          { type: 'JoinGroup', group: 'g1' },
          { type: 'SendMessage', message: { target: 'hi' } },
          { type: 'CloseConnection' },
        ],
        { filter: "userId eq 'u1'" },
      ),
    method: 'POST',
    target: `${H}/:execute?filter=userId%20eq%20%27u1%27&${V}`,
    body: [
      { type: 'JoinGroup', group: 'g1' },
      { type: 'SendMessage', message: { target: 'hi', arguments: [] } },
      { type: 'CloseConnection' },
    ],
  },
];

describe.each([
  ['apiVersion 2024-12-01: operations v1 also has', sharedCases, { apiVersion: '2024-12-01' }],
  ['default client: operations only the current API has', currentOnlyCases, {}],
] as const)('%s', (_title, cases, options) => {
  it.each(cases)('$name', async ({ call, method, target, body }) => {
    const client = makeClient(options);
    const { request } = await one(() => call(client));
    expect(request.method).toBe(method);
    expect(request.target).toBe(target);
    if (body === undefined) {
      expect(request.body.length).toBe(0);
    } else {
      expect(request.headers['content-type']).toBe('application/json');
      expect(JSON.parse(request.body.toString('utf8'))).toEqual(body);
    }
    // aud is the request URL without its query, as Microsoft's SDK signs these routes.
    const { claims } = bearerOf(request.headers.authorization);
    expect(claims.aud).toBe(`${server.url}${target.split('?')[0]}`);
  });
});

describe('which API a call uses', () => {
  it('a default client keeps the v1 routes for the operations v1 has', async () => {
    const client = makeClient();
    expect(client.apiVersion).toBe('v1');
    const { request } = await one(() => client.sendToAll('m'));
    expect(request.target).toBe('/api/v1/hubs/chat');
    expect(JSON.parse(request.body.toString())).toEqual({ Target: 'm', Arguments: [] });
  });

  it('rejects an unknown apiVersion before any request', () => {
    expect(() => makeClient({ apiVersion: '2022-06-01' as never })).toThrow(/options\.apiVersion/);
    expect(server.take()).toHaveLength(0);
  });

  it('application goes in the query; :execute and :generateToken use the {app}_{hub} path', async () => {
    const client = new SignalRServiceClient(server.url, { key: KEY }, 'ChatHub', {
      applicationName: 'Shop',
      apiVersion: '2024-12-01',
      retry: { maxRetries: 0 },
    });
    const send = await one(() => client.sendToGroup('G', 'm'));
    expect(send.request.target).toBe(`/api/hubs/chathub/groups/G/:send?application=shop&${V}`);
    const close = await one(() => client.closeUserConnections('u'));
    expect(close.request.target).toBe(
      `/api/hubs/chathub/users/u/:closeConnections?application=shop&${V}`,
    );
    const exec = await one(() => client.execute([{ type: 'CloseConnection' }]));
    expect(exec.request.target).toBe(`/api/hubs/shop_chathub/:execute?${V}`);
    const { url } = await client.negotiate();
    expect(url).toBe(`${server.url}/client/?hub=shop_chathub`);
  });
});

describe('listConnectionsInGroup', () => {
  const page = (ids: string[], next?: string) =>
    json(200, {
      value: ids.map((connectionId) => ({ connectionId, userId: `u-${connectionId}` })),
      nextLink: next,
    });

  it('follows nextLink as is, page by page', async () => {
    server.respond = (r) => {
      if (r.target.includes('continuationToken=t2')) return page(['c3']);
      return page(
        ['c1', 'c2'],
        `${server.url}${H}/groups/g1/connections?continuationToken=t2&${V}`,
      );
    };
    const members = [];
    for await (const m of makeClient().listConnectionsInGroup('g1', { maxPageSize: 2 }))
      members.push(m);
    expect(members.map((m) => m.connectionId)).toEqual(['c1', 'c2', 'c3']);
    expect(members[0]?.userId).toBe('u-c1');
    expect(server.take().map((r) => r.target)).toEqual([
      `${H}/groups/g1/connections?${V}&maxpagesize=2`,
      `${H}/groups/g1/connections?continuationToken=t2&${V}`,
    ]);
  });

  it('byPage exposes the continuation token and resumes from it', async () => {
    server.respond = (r) =>
      r.target.includes('continuationToken')
        ? page(['c9'])
        : page(['c1'], `${server.url}${H}/groups/g1/connections?continuationToken=x&${V}`);
    const pages = makeClient().listConnectionsInGroup('g1').byPage();
    const first = (await pages.next()).value;
    expect(first.map((m: { connectionId: string }) => m.connectionId)).toEqual(['c1']);
    expect(first.continuationToken).toContain('continuationToken=x');
    server.take();
    const resumed = makeClient().listConnectionsInGroup('g1').byPage({
      continuationToken: first.continuationToken,
    });
    expect(
      (await resumed.next()).value.map((m: { connectionId: string }) => m.connectionId),
    ).toEqual(['c9']);
    expect(server.take().map((r) => r.target)).toEqual([
      `${H}/groups/g1/connections?continuationToken=x&${V}`,
    ]);
  });

  it('stops after top members even when the service sends more', async () => {
    server.respond = () =>
      page(['c1', 'c2', 'c3'], `${server.url}${H}/groups/g1/connections?continuationToken=more`);
    const members = [];
    for await (const m of makeClient().listConnectionsInGroup('g1', { top: 2 }))
      members.push(m.connectionId);
    expect(members).toEqual(['c1', 'c2']);
    expect(server.take()).toHaveLength(1);
  });

  it('does not follow a nextLink to another host, so the token never goes there', async () => {
    server.respond = () =>
      page(
        ['c1'],
        'https://elsewhere.example/api/hubs/chat/groups/g1/connections?continuationToken=t',
      );
    const members: string[] = [];
    const error = await (async () => {
      for await (const m of makeClient().listConnectionsInGroup('g1')) members.push(m.connectionId);
    })().catch((e: unknown) => e);
    expect(members).toEqual(['c1']);
    expect(error).toBeInstanceOf(RestError);
    expect((error as Error).message).toContain('https://elsewhere.example');
    expect(server.take()).toHaveLength(1);
  });

  it('refuses a continuation token on another host before any request', () => {
    expect(() =>
      makeClient().listConnectionsInGroup('g1', {
        continuationToken: 'https://elsewhere.example/api/hubs/chat/groups/g1/connections',
      }),
    ).toThrow(RangeError);
    expect(server.take()).toHaveLength(0);
  });

  it('a page without a value array is a PARSE_ERROR', async () => {
    server.respond = () => json(200, { items: [] });
    const iterator = makeClient().listConnectionsInGroup('g1');
    await expect(iterator.next()).rejects.toMatchObject({ code: RestError.PARSE_ERROR });
  });
});

describe('invoke', () => {
  it('resolves with the result the client returned', async () => {
    server.respond = () => json(200, { result: { ok: true, n: 3 } });
    const { request, result } = await one(() => makeClient().invoke('c 1', 'confirm', ['sure?']));
    expect(result).toEqual({ ok: true, n: 3 });
    expect(request.method).toBe('POST');
    expect(request.target).toBe(`${H}/connections/c%201/:invoke?${V}`);
    expect(JSON.parse(request.body.toString())).toEqual(payload('confirm', ['sure?']));
  });

  it('resolves undefined when the handler returned nothing', async () => {
    server.respond = () => json(200, {});
    expect(await makeClient().invoke('c1', 'notify')).toBeUndefined();
  });

  it("rejects with the service's error when the client failed, never echoing the token", async () => {
    server.respond = (r) =>
      json(
        400,
        {
          code: 'ClientInvocationFailed',
          message: `client said no; token ${r.headers.authorization}`,
        },
        { 'x-ms-error-code': 'ClientInvocationFailed' },
      );
    const error = await makeClient()
      .invoke('c1', 'confirm')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'ClientInvocationFailed' });
    expect((error as Error).message).toContain('client said no');
    expect((error as Error).message).not.toMatch(/eyJ/);
    expect(JSON.stringify(error)).not.toMatch(/eyJ/);
  });

  it('a 200 without a JSON object is a PARSE_ERROR', async () => {
    server.respond = () => json(200, [1]);
    await expect(makeClient().invoke('c1', 'x')).rejects.toMatchObject({
      code: RestError.PARSE_ERROR,
    });
  });
});

describe('client tokens', () => {
  it('generateClientToken with a key signs locally: aud = client URL, nameid = userId', async () => {
    const { url, accessToken } = await makeClient().generateClientToken({
      userId: 'ann',
      expiresInMinutes: 5,
    });
    expect(url).toBe(`${server.url}/client/?hub=chat`);
    const { payload: claims } = await jwtVerify(accessToken, new TextEncoder().encode(KEY), {
      audience: url,
    });
    expect(claims.nameid).toBe('ann');
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    expect(server.take()).toHaveLength(0);
  });

  const entra = {
    getToken: async () => ({ token: 'entra-token', expiresOnTimestamp: Date.now() + 3600_000 }),
  };

  it('generateClientToken with Entra ID asks the service (:generateToken) for the token', async () => {
    const client = new SignalRServiceClient(server.url, entra, 'Chat', {
      applicationName: 'shop',
      retry: { maxRetries: 0 },
    });
    server.respond = () => json(200, { token: 'service.minted.token' });
    const { request, result } = await one(() =>
      client.generateClientToken({ userId: 'b b', expiresInMinutes: 7 }),
    );
    expect(request.method).toBe('POST');
    expect(request.target).toBe(
      `/api/hubs/shop_chat/:generateToken?userId=b%20b&minutesToExpire=7&${V}`,
    );
    expect(request.headers.authorization).toBe('Bearer entra-token');
    expect(result).toEqual({
      url: `${server.url}/client/?hub=shop_chat`,
      accessToken: 'service.minted.token',
    });
  });

  it(':generateToken without a token is a PARSE_ERROR', async () => {
    const client = new SignalRServiceClient(server.url, entra, 'chat', {
      retry: { maxRetries: 0 },
    });
    server.respond = () => json(200, {});
    await expect(client.generateClientToken()).rejects.toMatchObject({
      code: RestError.PARSE_ERROR,
    });
  });

  it('negotiate on the current API signs with the key from GET /api/auth/accessKey', async () => {
    const client = new SignalRServiceClient(server.url, entra, 'chat', {
      apiVersion: '2024-12-01',
      retry: { maxRetries: 0 },
    });
    const { accessToken } = await client.negotiate({ userId: 'z' });
    expect(server.take().map((r) => r.target)).toEqual([`/api/auth/accessKey?${V}`]);
    expect(decodeJwt(accessToken).header.kid).toBe('kid-1');
  });
});
