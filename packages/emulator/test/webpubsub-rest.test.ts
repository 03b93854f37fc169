// Web PubSub REST against the official server SDK (@azure/web-pubsub 1.2.0) as the REST client, with
// plain and json.webpubsub.azure.v1 WebSocket clients on the other side.
import type { WebPubSubServiceClient } from '@azure/web-pubsub';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Emulator,
  eventually,
  officialServiceClient,
  restCall,
  startTestEmulator,
  WsProbe,
} from './helpers.js';

let emulator: Emulator;
let hub: WebPubSubServiceClient;
const API = 'api-version=2024-12-01';

beforeAll(async () => {
  emulator = await startTestEmulator();
  hub = officialServiceClient(emulator, 'chat');
});
afterAll(() => emulator.close());

type TokenOptions = { userId?: string; groups?: string[]; roles?: string[] };

async function plainClient(options: TokenOptions = {}): Promise<WsProbe> {
  const { url } = await hub.getClientAccessToken(options);
  return WsProbe.connect(url);
}

async function jsonClient(options: TokenOptions = {}): Promise<{ probe: WsProbe; id: string }> {
  const { url } = await hub.getClientAccessToken(options);
  const probe = await WsProbe.connect(url, 'json.webpubsub.azure.v1');
  const connected = await probe.nextJson();
  expect(connected).toMatchObject({ type: 'system', event: 'connected' });
  return { probe, id: connected.connectionId as string };
}

describe('plain WebSocket clients receive REST payloads raw', () => {
  it('gets JSON and text as text frames and octet-stream as a binary frame, byte for byte', async () => {
    const probe = await plainClient();
    await hub.sendToAll({ greeting: 'héllo', n: [1, 2] });
    expect(await probe.next()).toEqual({
      data: Buffer.from('{"greeting":"héllo","n":[1,2]}'),
      binary: false,
    });
    await hub.sendToAll('plain ünïcode', { contentType: 'text/plain' });
    expect(await probe.next()).toEqual({ data: Buffer.from('plain ünïcode'), binary: false });
    // A bare string without contentType goes out as a JSON string literal.
    await hub.sendToAll('quoted');
    expect(await probe.next()).toEqual({ data: Buffer.from('"quoted"'), binary: false });
    const bytes = new Uint8Array([0, 255, 1, 128, 10]);
    await hub.sendToAll(bytes.buffer);
    expect(await probe.next()).toEqual({ data: Buffer.from(bytes), binary: true });
    await probe.close();
  });
});

describe('frames of every length class', () => {
  it.each([125, 126, 65535, 65536, 300_000])(
    'delivers a %i-byte payload intact to plain and JSON clients',
    async (size) => {
      const plain = await plainClient();
      const { probe: json } = await jsonClient();
      const bytes = Buffer.alloc(size, 0).map((_, i) => (i * 7) % 256);
      await hub.sendToAll(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + size));
      expect(await plain.next()).toEqual({ data: bytes, binary: true });
      expect(Buffer.from((await json.nextJson()).data as string, 'base64').equals(bytes)).toBe(
        true,
      );
      await Promise.all([plain.close(), json.close()]);
    },
  );
});

describe('json.webpubsub.azure.v1 clients receive server messages in envelopes', () => {
  it('carries dataType json, text and binary (base64)', async () => {
    const { probe } = await jsonClient();
    await hub.sendToAll({ a: 1 });
    expect(await probe.nextJson()).toEqual({
      type: 'message',
      from: 'server',
      dataType: 'json',
      data: { a: 1 },
    });
    await hub.sendToAll('hi', { contentType: 'text/plain' });
    expect(await probe.nextJson()).toEqual({
      type: 'message',
      from: 'server',
      dataType: 'text',
      data: 'hi',
    });
    await hub.sendToAll(new Uint8Array([1, 2, 3]).buffer);
    expect(await probe.nextJson()).toEqual({
      type: 'message',
      from: 'server',
      dataType: 'binary',
      data: 'AQID',
    });
    await probe.close();
  });
});

describe('targets: users, connections, groups, excluded and filter', () => {
  it('sends to a user, to one connection, and to a group minus excluded connections', async () => {
    const a = await jsonClient({ userId: 'ann', groups: ['room'] });
    const b = await jsonClient({ userId: 'ben', groups: ['room'] });
    await hub.sendToUser('ann', 'for ann', { contentType: 'text/plain' });
    expect((await a.probe.nextJson()).data).toBe('for ann');
    await hub.sendToConnection(b.id, 'for b', { contentType: 'text/plain' });
    expect((await b.probe.nextJson()).data).toBe('for b');
    await hub
      .group('room')
      .sendToAll('room but not ann', { contentType: 'text/plain', excludedConnections: [a.id] });
    expect((await b.probe.nextJson()).data).toBe('room but not ann');
    await a.probe.expectSilence();
    await Promise.all([a.probe.close(), b.probe.close()]);
  });

  it('applies OData filters on sendToAll, and rejects a bad filter with 400 naming the problem', async () => {
    const a = await jsonClient({ userId: 'fa', groups: ['vip'] });
    const b = await jsonClient({ userId: 'fb' });
    await hub.sendToAll('vips', {
      contentType: 'text/plain',
      filter: "'vip' in groups and userId ne 'nobody'",
    });
    expect((await a.probe.nextJson()).data).toBe('vips');
    await b.probe.expectSilence();
    const error = await hub
      .sendToAll('x', { contentType: 'text/plain', filter: "userId eq 'unterminated" })
      .catch((e) => e);
    expect(error).toMatchObject({ statusCode: 400, code: 'InvalidFilter' });
    expect(error.message).toMatch(/unterminated string literal/);
    await Promise.all([a.probe.close(), b.probe.close()]);
  });
});

describe('existence checks and group membership', () => {
  it('answers connection, user and group existence with true and false', async () => {
    const { probe, id } = await jsonClient({ userId: 'exists-user' });
    expect(await hub.connectionExists(id)).toBe(true);
    expect(await hub.connectionExists('no-such-connection')).toBe(false);
    expect(await hub.userExists('exists-user')).toBe(true);
    expect(await hub.userExists('nobody')).toBe(false);
    expect(await hub.groupExists('exists-group')).toBe(false);
    await hub.group('exists-group').addConnection(id);
    expect(await hub.groupExists('exists-group')).toBe(true);
    await hub.group('exists-group').removeConnection(id);
    expect(await hub.groupExists('exists-group')).toBe(false);
    await probe.close();
    await eventually(async () => !(await hub.connectionExists(id)));
    expect(await hub.userExists('exists-user')).toBe(false);
  });

  it('adds and removes users, connections and filtered connections to and from groups', async () => {
    const a = await jsonClient({ userId: 'mu' });
    const b = await jsonClient({ userId: 'mv' });
    const members = async (group: string) => {
      const ids: string[] = [];
      for await (const m of await hub.group(group).listConnections()) ids.push(m.connectionId);
      return ids.sort();
    };
    await hub.group('g1').addUser('mu');
    expect(await members('g1')).toEqual([a.id]);
    await hub.addConnectionsToGroups(['g2', 'g3'], "userId eq 'mv'");
    expect(await members('g2')).toEqual([b.id]);
    expect(await members('g3')).toEqual([b.id]);
    await hub.removeConnectionsFromGroups(['g2'], `connectionId eq '${b.id}'`);
    expect(await members('g2')).toEqual([]);
    await hub.removeConnectionFromAllGroups(b.id);
    expect(await members('g3')).toEqual([]);
    await hub.group('g1').removeUser('mu');
    expect(await members('g1')).toEqual([]);
    await hub.group('g4').addConnection(a.id);
    await hub.removeUserFromAllGroups('mu');
    expect(await hub.groupExists('g4')).toBe(false);
    const missing = await hub
      .group('g1')
      .addConnection('no-such-connection')
      .catch((e) => e);
    expect(missing).toMatchObject({ statusCode: 404 });
    await Promise.all([a.probe.close(), b.probe.close()]);
  });

  it('lists a group in pages through absolute nextLinks without api-version', async () => {
    const clients = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => jsonClient({ userId: `p${i}`, groups: ['paged'] })),
    );
    const pages: string[][] = [];
    for await (const page of (
      await hub.group('paged').listConnections({ maxPageSize: 2 })
    ).byPage()) {
      pages.push(page.map((m) => m.connectionId));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat().sort()).toEqual(clients.map((c) => c.id).sort());

    const base = `${emulator.webPubSub.endpoint}/api/hubs/chat/groups/paged/connections`;
    const first = await (await restCall('GET', `${base}?${API}&maxpagesize=2&top=3`)).json();
    expect(first.value).toHaveLength(2);
    const next = new URL(first.nextLink);
    expect(next.origin).toBe(emulator.webPubSub.endpoint);
    expect(next.searchParams.has('api-version')).toBe(false);
    expect(next.searchParams.get('top')).toBe('1');
    const second = await (await restCall('GET', next.href)).json();
    expect(second.value).toHaveLength(1);
    expect(second.nextLink).toBeUndefined();
    expect(second.value[0]).toEqual({
      connectionId: expect.any(String),
      userId: expect.stringMatching(/^p\d$/),
    });
    await Promise.all(clients.map((c) => c.probe.close()));
  });
});

describe('permissions', () => {
  it('grants, checks and revokes, hub-wide and per group', async () => {
    const { probe, id } = await jsonClient();
    expect(await hub.hasPermission(id, 'sendToGroup', { targetName: 'g' })).toBe(false);
    await hub.grantPermission(id, 'sendToGroup', { targetName: 'g' });
    expect(await hub.hasPermission(id, 'sendToGroup', { targetName: 'g' })).toBe(true);
    expect(await hub.hasPermission(id, 'sendToGroup', { targetName: 'other' })).toBe(false);
    expect(await hub.hasPermission(id, 'sendToGroup')).toBe(false);
    await hub.grantPermission(id, 'joinLeaveGroup');
    expect(await hub.hasPermission(id, 'joinLeaveGroup', { targetName: 'any' })).toBe(true);
    await hub.revokePermission(id, 'sendToGroup', { targetName: 'g' });
    expect(await hub.hasPermission(id, 'sendToGroup', { targetName: 'g' })).toBe(false);
    const missing = await hub.grantPermission('no-such-connection', 'sendToGroup').catch((e) => e);
    expect(missing).toMatchObject({ statusCode: 404 });
    await probe.close();
  });
});

describe('closing connections by REST', () => {
  it('closes one connection with the reason in the close frame and a disconnected message', async () => {
    const plain = await plainClient({ userId: 'closer' });
    const json = await jsonClient({ userId: 'closer-json' });
    await hub.closeUserConnections('closer', { reason: 'plain bye' });
    expect(await plain.closed).toEqual({ code: 1008, reason: 'plain bye' });
    await hub.closeConnection(json.id, { reason: 'json bye' });
    expect(await hub.connectionExists(json.id)).toBe(false);
    expect(await json.probe.nextJson()).toEqual({
      type: 'system',
      event: 'disconnected',
      message: 'json bye',
    });
    expect((await json.probe.closed).reason).toBe('json bye');
  });

  it('closes a group and the whole hub, sparing every repeated excluded= connection', async () => {
    const a = await jsonClient({ groups: ['doomed'] });
    const b = await jsonClient({ groups: ['doomed'] });
    const c = await jsonClient({ groups: ['doomed'] });
    const d = await jsonClient();
    const api = `${emulator.webPubSub.endpoint}/api/hubs/chat`;
    const closeGroup = `${api}/groups/doomed/:closeConnections?${API}&excluded=${a.id}&excluded=${c.id}&reason=group%20closed`;
    expect((await restCall('POST', closeGroup)).status).toBe(204);
    expect((await b.probe.closed).reason).toBe('group closed');
    const closeAll = `${api}/:closeConnections?${API}&excluded=${d.id}&reason=all%20closed`;
    expect((await restCall('POST', closeAll)).status).toBe(204);
    expect((await a.probe.closed).reason).toBe('all closed');
    expect((await c.probe.closed).reason).toBe('all closed');
    expect(await hub.connectionExists(d.id)).toBe(true);
    await d.probe.close();
  });
});

describe(':generateToken', () => {
  it('issues a client token whose claims set the user, roles and initial groups', async () => {
    const url = `${emulator.webPubSub.endpoint}/api/hubs/chat/:generateToken?${API}&userId=tok-user&role=webpubsub.sendToGroup&group=t1&group=t2&minutesToExpire=5`;
    const response = await restCall('POST', url);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      aud: `${emulator.webPubSub.endpoint}/client/hubs/chat`,
      sub: 'tok-user',
      role: ['webpubsub.sendToGroup'],
      'webpubsub.group': ['t1', 't2'],
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    const wsUrl = `${emulator.webPubSub.endpoint.replace('http', 'ws')}/client/hubs/chat?access_token=${token}`;
    const probe = await WsProbe.connect(wsUrl);
    await hub.group('t2').sendToAll('to t2', { contentType: 'text/plain' });
    expect((await probe.next()).data.toString()).toBe('to t2');
    await probe.close();
  });
});

describe('errors', () => {
  const base = () => `${emulator.webPubSub.endpoint}/api`;

  it.each([
    ['a bad hub name', 'POST', '/hubs/9chat/:send', 'hub'],
    ['a ttl over 300', 'POST', '/hubs/chat/:send?messageTtlSeconds=301', 'messageTtlSeconds'],
    [
      'a group over 1024 characters',
      'POST',
      `/hubs/chat/groups/${'g'.repeat(1025)}/:send`,
      'group',
    ],
    ['an unknown permission', 'PUT', '/hubs/chat/permissions/admin/connections/c1', 'permission'],
  ])(
    'answers 400 with an ErrorDetail and x-ms-error-code for %s',
    async (_, method, path, target) => {
      const url = `${base()}${path}${path.includes('?') ? '&' : '?'}${API}`;
      const response = await restCall(method, url, { body: '{}', contentType: 'application/json' });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-ms-error-code')).toBe('InvalidParameter');
      const body = await response.json();
      expect(body).toMatchObject({ code: 'InvalidParameter', target });
      expect(body.message).toContain(`'${target}'`);
    },
  );

  it('rejects invalid JSON, an unsupported content type, a bad body and an oversized body', async () => {
    const send = `${base()}/hubs/chat/:send?${API}`;
    const badJson = await restCall('POST', send, {
      body: '{nope',
      contentType: 'application/json',
    });
    expect([badJson.status, badJson.headers.get('x-ms-error-code')]).toEqual([
      400,
      'InvalidRequestBody',
    ]);
    const xml = await restCall('POST', send, { body: '<a/>', contentType: 'application/xml' });
    expect(xml.status).toBe(415);
    const addToGroups = `${base()}/hubs/chat/:addToGroups?${API}`;
    const extra = await restCall('POST', addToGroups, {
      body: '{"groups":["a"],"x":1}',
      contentType: 'application/json',
    });
    expect((await extra.json()).message).toMatch(/'body.x' is not allowed/);
    const blank = await restCall('POST', addToGroups, {
      body: '{"groups":["  "]}',
      contentType: 'application/json',
    });
    expect(blank.status).toBe(400);
    const huge = await restCall('POST', send, {
      body: 'x'.repeat(1024 * 1024 + 1),
      contentType: 'text/plain',
    });
    expect(huge.status).toBe(413);
  });

  it('answers HEAD /api/health, 404 for unknown paths and 405 for a wrong method', async () => {
    expect((await restCall('HEAD', `${base()}/health?${API}`)).status).toBe(200);
    expect((await restCall('GET', `${base()}/nothing?${API}`)).status).toBe(404);
    const wrong = await restCall('GET', `${base()}/hubs/chat/:send?${API}`);
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
