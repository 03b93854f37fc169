// SignalR's current REST API (api-version 2024-12-01) against @microsoft/signalr clients: each way of
// closing connections with its reason, group listing over several pages, transactional :execute with
// an OData filter, removing a connection from all groups, and adding a user with ttl 0.
import {
  signalRAddConnectionToGroup,
  signalRAddUserToGroup,
  signalRCheckGroupExistence,
  signalRCheckUserExistenceInGroup,
  signalRCloseConnection,
  signalRCloseConnections,
  signalRCloseGroupConnections,
  signalRCloseUserConnections,
  signalRExecute,
  signalRListConnectionsInGroup,
  signalRRemoveConnectionFromAllGroups,
  signalRSendToGroup,
} from '@hubcast/signalr-rest/2024-12-01';
import type { HubConnection } from '@microsoft/signalr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  connectClient,
  currentRestClient,
  until,
  V,
} from './helpers/signalr-current.js';
import { type Emulator, startTestEmulator } from './helpers.js';

let emulator: Emulator;
let rest: ReturnType<typeof currentRestClient>;
const open: HubConnection[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  rest = currentRestClient(emulator);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.stop()));
});
afterAll(() => emulator.close());

const connect = (options: Parameters<typeof connectClient>[2] = {}) =>
  connectClient(emulator, open, options);
const hub = (name: string) => ({ hub: name });
const join = (name: string, group: string, c: Client) =>
  signalRAddConnectionToGroup({
    client: rest,
    path: { hub: name, group, connectionId: c.id },
    query: V,
  });

/** The @microsoft/signalr client reports the service's close reason as the close error. */
async function closedWith(c: Client): Promise<string | undefined> {
  return (await c.closed)?.message;
}

describe('closing connections carries the reason to each client', () => {
  it('closes every connection of the hub except the excluded ones', async () => {
    const [a, b, kept] = [
      await connect({ hub: 'h1' }),
      await connect({ hub: 'h1' }),
      await connect({ hub: 'h1' }),
    ];
    const { response } = await signalRCloseConnections({
      client: rest,
      path: hub('h1'),
      query: { ...V, excluded: [kept.id], reason: 'hub maintenance' },
    });
    expect(response?.status).toBe(204);
    for (const c of [a, b]) {
      expect(await closedWith(c)).toBe('Server returned an error on close: hub maintenance');
    }
    expect(kept.isClosed()).toBe(false);
  });

  it("closes a user's connections, and a group's, each with its reason", async () => {
    const [u1, u2, other] = [
      await connect({ hub: 'h2', user: 'ann' }),
      await connect({ hub: 'h2', user: 'ann' }),
      await connect({ hub: 'h2', user: 'bob' }),
    ];
    await signalRCloseUserConnections({
      client: rest,
      path: { hub: 'h2', user: 'ann' },
      query: { ...V, excluded: [u2.id], reason: 'signed out' },
    });
    expect(await closedWith(u1)).toBe('Server returned an error on close: signed out');
    expect(u2.isClosed()).toBe(false);

    const member = await connect({ hub: 'h2' });
    await join('h2', 'room', member);
    await join('h2', 'room', other);
    const { response } = await signalRCloseGroupConnections({
      client: rest,
      path: { hub: 'h2', group: 'room' },
      query: { ...V, reason: 'room closed' },
    });
    expect(response?.status).toBe(204);
    expect(await closedWith(member)).toBe('Server returned an error on close: room closed');
    expect(await closedWith(other)).toBe('Server returned an error on close: room closed');
    expect(u2.isClosed()).toBe(false);
  });

  it('closes one connection with its reason', async () => {
    const c = await connect({ hub: 'h3' });
    const { response } = await signalRCloseConnection({
      client: rest,
      path: { hub: 'h3', connectionId: c.id },
      query: { ...V, reason: 'kicked' },
    });
    expect(response?.status).toBe(200);
    expect(await closedWith(c)).toBe('Server returned an error on close: kicked');
  });
});

describe('listing the connections in a group', () => {
  it('pages through more members than fit on one page by following nextLink', async () => {
    const clients: Client[] = [];
    for (let i = 0; i < 5; i++) clients.push(await connect({ hub: 'h4', user: `u${i}` }));
    for (const c of clients) await join('h4', 'big', c);
    const loner = await connect({ hub: 'h4' });
    await join('h4', 'big', loner);

    const first = await signalRListConnectionsInGroup({
      client: rest,
      path: { hub: 'h4', group: 'big' },
      query: { ...V, maxpagesize: 2 },
    });
    const pages = [first.data];
    let link = first.data?.nextLink;
    while (link) {
      const next = new URL(link);
      expect(next.searchParams.get('api-version')).toBe('2024-12-01');
      const page = await rest.get({
        security: [{ scheme: 'bearer', type: 'http' }],
        url: `${next.pathname}${next.search}`,
      });
      pages.push(page.data as typeof first.data);
      link = (page.data as { nextLink?: string }).nextLink;
    }
    expect(pages.map((p) => p?.value.length)).toEqual([2, 2, 2]);
    const members = pages.flatMap((p) => p?.value ?? []);
    const expected = [...clients, loner].map((c) => c.id).sort();
    expect(members.map((m) => m.connectionId)).toEqual(expected);
    for (const m of members) {
      const index = clients.findIndex((c) => c.id === m.connectionId);
      expect(m.userId).toBe(index >= 0 ? `u${index}` : undefined);
    }
  });

  it('stops at top across pages', async () => {
    for (let i = 0; i < 4; i++) await join('h5', 'g', await connect({ hub: 'h5' }));
    const first = await signalRListConnectionsInGroup({
      client: rest,
      path: { hub: 'h5', group: 'g' },
      query: { ...V, maxpagesize: 2, top: 3 },
    });
    expect(first.data?.value).toHaveLength(2);
    const next = new URL(first.data?.nextLink as string);
    expect(next.searchParams.get('top')).toBe('1');
    const second = await rest.get({
      security: [{ scheme: 'bearer', type: 'http' }],
      url: `${next.pathname}${next.search}`,
    });
    expect((second.data as { value: unknown[] }).value).toHaveLength(1);
    expect((second.data as { nextLink?: string }).nextLink).toBeUndefined();
  });
});

describe('transactions and group membership', () => {
  it(':execute applies its commands in order to the connections the filter selects', async () => {
    const ann = await connect({ hub: 'h6', user: 'ann', targets: ['hello'] });
    const bob = await connect({ hub: 'h6', user: 'bob', targets: ['hello'] });
    const { response } = await signalRExecute({
      client: rest,
      path: hub('h6'),
      query: { ...V, filter: "userId eq 'ann'" },
      body: [
        { type: 'JoinGroup', group: 'vip' },
        { type: 'SendMessage', message: { target: 'hello', arguments: ['only ann'] } },
      ],
    });
    expect(response?.status).toBe(202);
    await until(ann.received, 1);
    expect(ann.received).toEqual([{ target: 'hello', args: ['only ann'] }]);
    const vip = await signalRCheckUserExistenceInGroup({
      client: rest,
      path: { hub: 'h6', user: 'ann', group: 'vip' },
      query: V,
    });
    expect(vip.response?.status).toBe(200);

    await signalRExecute({
      client: rest,
      path: hub('h6'),
      query: { ...V, filter: "'vip' in groups" },
      body: [
        { type: 'LeaveGroup', group: 'vip' },
        { type: 'CloseConnection', reason: 'done' },
      ],
    });
    expect(await closedWith(ann)).toBe('Server returned an error on close: done');
    expect(bob.isClosed()).toBe(false);
    expect(bob.received).toEqual([]);
  });

  it(':execute refuses a malformed filter and an unknown command type before doing anything', async () => {
    const bad = await signalRExecute({
      client: rest,
      path: hub('h6'),
      query: { ...V, filter: 'userId eq' },
      body: [{ type: 'CloseConnection' }],
    });
    expect(bad.response?.status).toBe(400);
    const unknown = await signalRExecute({
      client: rest,
      path: hub('h6'),
      query: V,
      body: [{ type: 'Kick' } as never],
    });
    expect(unknown.response?.status).toBe(400);
    expect((unknown.error as { message: string }).message).toContain(
      "'body[0].type' must be one of",
    );
  });

  it('removes a connection from all groups at once', async () => {
    const c = await connect({ hub: 'h7', targets: ['m'] });
    for (const g of ['a', 'b']) await join('h7', g, c);
    const { response } = await signalRRemoveConnectionFromAllGroups({
      client: rest,
      path: { hub: 'h7', connectionId: c.id },
      query: V,
    });
    expect(response?.status).toBe(200);
    for (const g of ['a', 'b']) {
      const exists = await signalRCheckGroupExistence({
        client: rest,
        path: { hub: 'h7', group: g },
        query: V,
      });
      expect(exists.response?.status).toBe(404);
    }
  });

  it('ttl 0 adds only the connections the user has now', async () => {
    const now = await connect({ hub: 'h8', user: 'kim', targets: ['m'] });
    await signalRAddUserToGroup({
      client: rest,
      path: { hub: 'h8', user: 'kim', group: 'g' },
      query: { ...V, ttl: 0 },
    });
    const later = await connect({ hub: 'h8', user: 'kim', targets: ['m'] });
    await signalRSendToGroup({
      client: rest,
      path: { hub: 'h8', group: 'g' },
      query: V,
      body: { target: 'm', arguments: [1] },
    });
    await until(now.received, 1);
    // A send that reaches `later` would have arrived by the time this one to everyone does.
    await signalRSendToGroup({
      client: rest,
      path: { hub: 'h8', group: 'g' },
      query: V,
      body: { target: 'm', arguments: [2] },
    });
    await until(now.received, 2);
    expect(later.received).toEqual([]);
  });
});
