// SignalRServiceClient on SignalR's current REST API against the real emulator: @microsoft/signalr
// clients connected with the SDK's own tokens, one test per method the current API adds, and the
// v1-era methods on a client built with apiVersion 2024-12-01 (and an application name).
import { once } from 'node:events';
import { type Emulator, startEmulator } from '@hubcast/emulator';
import { type HubConnection, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { odata, RestError, SignalRServiceClient } from '../src/index.js';

let emulator: Emulator;
let signalr: SignalRServiceClient;
const open: HubConnection[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ webPubSubPort: 0, signalRPort: 0 });
  signalr = new SignalRServiceClient(emulator.signalR.connectionString, 'hub', {
    apiVersion: '2024-12-01',
  });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
});
afterAll(() => emulator.close());

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A @microsoft/signalr client connected with the SDK's token; records `note` and its close error. */
async function connect(userId?: string, client = signalr, token?: 'generate') {
  const { url, accessToken } =
    token === 'generate'
      ? await client.generateClientToken({ userId })
      : await client.negotiate({ userId });
  const connection = new HubConnectionBuilder()
    .withUrl(url, { accessTokenFactory: () => accessToken })
    .configureLogging(LogLevel.None)
    .build();
  const notes: unknown[][] = [];
  connection.on('note', (...args: unknown[]) => notes.push(args));
  let closeError: Error | undefined;
  let closed = false;
  connection.onclose((error) => {
    closeError = error;
    closed = true;
  });
  open.push(connection);
  await connection.start();
  const id = connection.connectionId as string;
  return { connection, id, notes, closed: () => closed, closeError: () => closeError?.message };
}

const reason = (text: string) => `Server returned an error on close: ${text}`;

describe('the methods the current API adds', () => {
  it('invoke resolves with the client result; a failing handler rejects with a RestError', async () => {
    const c = await connect('inv');
    c.connection.on('add', (a: number, b: number) => a + b);
    c.connection.on('refuse', () => {
      throw new Error('refused by the user');
    });
    expect(await signalr.invoke<number>(c.id, 'add', [2, 3])).toBe(5);
    const error = await signalr.invoke(c.id, 'refuse').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'ClientInvocationFailed' });
    expect((error as RestError).message).toContain('refused by the user');
  });

  it('closeUserConnections, closeGroupConnections and closeAllConnections carry the reason', async () => {
    const ann = await connect('ann');
    const inGroup = await connect('gus');
    const kept = await connect('kay');
    await signalr.closeUserConnections('ann', { reason: 'signed out' });
    await waitFor(ann.closed, 'ann to close');
    expect(ann.closeError()).toBe(reason('signed out'));

    await signalr.addConnectionToGroup(inGroup.id, 'room');
    await signalr.closeGroupConnections('room', { reason: 'room closed' });
    await waitFor(inGroup.closed, 'the group to close');
    expect(inGroup.closeError()).toBe(reason('room closed'));
    expect(kept.closed()).toBe(false);

    const other = await connect('oli');
    await signalr.closeAllConnections({ reason: 'shutdown', excluded: [kept.id] });
    await waitFor(other.closed, 'the hub to close');
    expect(other.closeError()).toBe(reason('shutdown'));
    expect(kept.closed()).toBe(false);
    expect(await signalr.connectionExists(kept.id)).toBe(true);
  });

  it('listConnectionsInGroup pages through every member; removeConnectionFromAllGroups empties them', async () => {
    const members = [];
    for (let i = 0; i < 5; i++) members.push(await connect(`m${i}`));
    for (const m of members) await signalr.addConnectionToGroup(m.id, 'list');
    await signalr.addConnectionToGroup(members[0]?.id as string, 'second');

    const listed = [];
    for await (const m of signalr.listConnectionsInGroup('list', { maxPageSize: 2 }))
      listed.push(m);
    expect(listed.map((m) => m.connectionId).sort()).toEqual(members.map((m) => m.id).sort());
    expect(listed.map((m) => m.userId).sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    const pages = [];
    for await (const page of signalr.listConnectionsInGroup('list', { maxPageSize: 2 }).byPage()) {
      pages.push(page.length);
    }
    expect(pages).toEqual([2, 2, 1]);
    const top = [];
    for await (const m of signalr.listConnectionsInGroup('list', { maxPageSize: 2, top: 3 }))
      top.push(m);
    expect(top).toHaveLength(3);

    await signalr.removeConnectionFromAllGroups(members[0]?.id as string);
    expect(await signalr.groupExists('second')).toBe(false);
    const after = [];
    for await (const m of signalr.listConnectionsInGroup('list')) after.push(m.connectionId);
    expect(after).toHaveLength(4);
  });

  it('generateClientToken gives a token the service accepts for that user', async () => {
    const c = await connect('token-user', signalr, 'generate');
    expect(await signalr.userExists('token-user')).toBe(true);
    await signalr.sendToUser('token-user', 'note', ['hi']);
    await waitFor(() => c.notes.length === 1, 'the note');
    expect(c.notes).toEqual([['hi']]);
  });

  it('execute runs its commands on the connections the filter selects', async () => {
    const a = await connect('exec-a');
    const b = await connect('exec-b');
    await signalr.execute(
      [
        { type: 'JoinGroup', group: 'picked' },
        { type: 'SendMessage', message: { target: 'note', arguments: ['picked'] } },
      ],
      { filter: odata`userId eq ${'exec-a'}` },
    );
    await waitFor(() => a.notes.length === 1, 'the message');
    expect(a.notes).toEqual([['picked']]);
    expect(await signalr.userInGroup('exec-a', 'picked')).toBe(true);
    expect(await signalr.userInGroup('exec-b', 'picked')).toBe(false);
    await signalr.execute([{ type: 'CloseConnection', reason: 'bye' }], {
      filter: "'picked' in groups",
    });
    await waitFor(a.closed, 'a to close');
    expect(a.closeError()).toBe(reason('bye'));
    expect(b.closed()).toBe(false);
    expect(b.notes).toEqual([]);
  });

  it('sendStreamItem and sendStreamCompletion reach a hub-protocol client', async () => {
    // The client side of negotiate, by hand (as @microsoft/signalr does it), then the WebSocket.
    const { url, accessToken } = await signalr.negotiate();
    const negotiateUrl = url.replace('/client/?', '/client/negotiate?');
    const negotiated = await fetch(`${negotiateUrl}&negotiateVersion=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const { connectionId: id, connectionToken } = await negotiated.json();
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}&id=${connectionToken}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const records: string[] = [];
    ws.on('message', (data: Buffer) => {
      records.push(...data.toString().split('\x1e').filter(Boolean));
    });
    await once(ws, 'open');
    ws.send('{"protocol":"json","version":1}\x1e');
    await waitFor(() => records.length === 1, 'the handshake');
    await signalr.sendStreamItem(id, 'inv-9', { n: 1 });
    await signalr.sendStreamItem(id, 'inv-9', 'last', { completed: true });
    await signalr.sendStreamCompletion(id, 'inv-10', { error: 'stopped' });
    await waitFor(() => records.length === 5, 'the stream messages');
    expect(records.slice(1).map((r) => JSON.parse(r))).toEqual([
      { type: 2, invocationId: 'inv-9', item: { n: 1 } },
      { type: 2, invocationId: 'inv-9', item: 'last' },
      { type: 3, invocationId: 'inv-9' },
      { type: 3, invocationId: 'inv-10', error: 'stopped' },
    ]);
    ws.close();
  });
});

describe('the v1-era methods on the current API', () => {
  it('sends, groups and existence checks, with an application name in the query', async () => {
    const app = new SignalRServiceClient(emulator.signalR.connectionString, 'Chat', {
      apiVersion: '2024-12-01',
      applicationName: 'Shop',
    });
    const c = await connect('dana', app);
    await app.addUserToGroup('dana', 'news', { ttlSeconds: 0 });
    expect(await app.userInGroup('dana', 'news')).toBe(true);
    await app.sendToGroup('news', 'note', ['group']);
    await app.sendToUser('dana', 'note', ['user']);
    await app.sendToConnection(c.id, 'note', ['connection']);
    await app.sendToAll('note', ['all']);
    await waitFor(() => c.notes.length === 4, 'four notes');
    expect(c.notes).toEqual([['group'], ['user'], ['connection'], ['all']]);
    // The same hub through v1 (prefix in the path) sees the same connection.
    const v1 = new SignalRServiceClient(emulator.signalR.connectionString, 'Chat', {
      applicationName: 'Shop',
    });
    expect(await v1.connectionExists(c.id)).toBe(true);
    await app.removeUserFromGroup('dana', 'news');
    expect(await app.groupExists('news')).toBe(false);
    expect(await app.isServiceHealthy()).toBe(true);
    await app.closeConnection(c.id, { reason: 'done' });
    await waitFor(c.closed, 'the close');
    expect(c.closeError()).toBe(reason('done'));
  });
});
