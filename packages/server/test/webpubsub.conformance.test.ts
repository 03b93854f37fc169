// Wire conformance with the official SDK: every Web PubSub method and option is called through
// @azure/web-pubsub 1.2.0 and through @hubcast/server against the same loopback recording server, and
// the requests must match: method, path and query, content type, body bytes, and JWT claims.
import { fileURLToPath } from 'node:url';
import {
  WebPubSubServiceClient as OfficialClient,
  odata as officialOdata,
} from '@azure/web-pubsub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, loadSpec, pathMatcher } from '../../../scripts/lib/spec.mjs';
import { type GenerateClientTokenOptions, odata, WebPubSubServiceClient } from '../src/index.js';
import { bearerOf, decodeJwt } from './helpers/jwt.js';
import { loopbackHttpClient } from './helpers/official-http-client.js';
import {
  json,
  type Recorded,
  type RecordingServer,
  startRecordingServer,
  successReply,
} from './helpers/recording-server.js';

const KEY = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH';
const HUB = 'Chat_1.[a]';
// Ids and names that need escaping: space, '/', '#', '?', '%', '@', quotes and non-ASCII.
const USER = "user@x y/z#ü?'";
const CONN = 'conn/1 2#%';
const GROUP = "room 1/a#b·é'";

let server: RecordingServer;
let official: WebPubSubServiceClient;
let ours: WebPubSubServiceClient;
const covered: Recorded[] = [];

beforeAll(async () => {
  server = await startRecordingServer();
  const cs = `Endpoint=http://127.0.0.1;Port=${server.port};AccessKey=${KEY};Version=1.0;`;
  official = new OfficialClient(cs, HUB, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
  }) as unknown as WebPubSubServiceClient;
  ours = new WebPubSubServiceClient(cs, HUB, { retry: { maxRetries: 0 } });
});

afterAll(() => server.close());

/**
 * WHATWG URL parsing percent-encodes `'` in a query (fetch always parses), while the official SDK's
 * Node client sends it raw there. Paths keep `'` in both.
 */
function normalize(target: string): string {
  const q = target.indexOf('?');
  return q < 0 ? target : target.slice(0, q) + target.slice(q).replace(/'/g, '%27');
}

/** Sends and other void operations resolve to nothing useful in either client. */
const isVoid = (value: unknown) =>
  value === undefined ||
  (typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => v === undefined));

type Call = (client: WebPubSubServiceClient) => Promise<unknown>;

interface Run {
  requests: Recorded[];
  result?: unknown;
  error?: unknown;
}

async function run(client: WebPubSubServiceClient, call: Call): Promise<Run> {
  server.take();
  try {
    const result = await call(client);
    return { requests: server.take(), result };
  } catch (error) {
    return { requests: server.take(), error };
  }
}

/** Runs `call` on both clients and asserts the requests are the same on the wire. */
async function expectSameWire(call: Call, myCall = call): Promise<{ theirs: Run; mine: Run }> {
  const theirs = await run(official, call);
  const mine = await run(ours, myCall);
  expect(theirs.error, 'the official client failed').toBeUndefined();
  expect(mine.error).toBeUndefined();
  expect(mine.requests.length).toBe(theirs.requests.length);
  expect(mine.requests.length).toBeGreaterThan(0);
  theirs.requests.forEach((expected, i) => {
    const actual = mine.requests[i] as Recorded;
    expect(actual.method).toBe(expected.method);
    expect(actual.target).toBe(normalize(expected.target));
    expect(actual.headers['content-type']).toBe(expected.headers['content-type']);
    expect(actual.body.equals(expected.body), `body ${actual.body} vs ${expected.body}`).toBe(true);
    const a = bearerOf(actual.headers.authorization);
    const e = bearerOf(expected.headers.authorization);
    expect(a.header).toEqual(e.header);
    expect(Object.keys(a.claims).sort()).toEqual(Object.keys(e.claims).sort());
    expect(a.claims.aud).toBe(normalize(e.claims.aud as string));
    // aud is the exact URL that was requested, query included.
    expect(a.claims.aud).toBe(`${server.url}${actual.target}`);
    expect((a.claims.exp as number) - (a.claims.iat as number)).toBe(
      (e.claims.exp as number) - (e.claims.iat as number),
    );
    covered.push(actual);
  });
  if (isVoid(theirs.result)) expect(mine.result).toBeUndefined();
  else expect(mine.result).toEqual(theirs.result);
  return { theirs, mine };
}

const bytes = new Uint8Array([0, 1, 2, 127, 128, 255, 10, 13]);
// The official client cannot send a Blob on Node ("Unrecognized body type"): compare a Blob sent by
// hubcast with the same bytes sent by the official client.
const blobCases: Array<[string, Call, Call]> = [
  ['sendToAll Blob', (c) => c.sendToAll(bytes), (c) => c.sendToAll(new Blob([bytes]))],
  [
    'group.sendToAll Blob',
    (c) => c.group(GROUP).sendToAll(new TextEncoder().encode('blob ✓')),
    (c) => c.group(GROUP).sendToAll(new Blob(['blob ✓'])),
  ],
  [
    'sendToConnection Blob',
    (c) => c.sendToConnection(CONN, bytes, { messageTtlSeconds: 1 }),
    (c) => c.sendToConnection(CONN, new Blob([bytes]), { messageTtlSeconds: 1 }),
  ],
];

const sendCases: Array<[string, Call]> = [
  [
    'sendToAll JSON object',
    (c) => c.sendToAll({ greeting: 'héllo', n: [1, 2], nested: { a: null } }),
  ],
  ['sendToAll bare string (as a JSON literal)', (c) => c.sendToAll('plain "quoted" ✓')],
  ['sendToAll number', (c) => c.sendToAll(42.5)],
  ['sendToAll boolean', (c) => c.sendToAll(false)],
  ['sendToAll array', (c) => c.sendToAll([1, 'two', { three: 3 }])],
  ['sendToAll text/plain', (c) => c.sendToAll('plain text ✓ 🚀', { contentType: 'text/plain' })],
  ['sendToAll Uint8Array', (c) => c.sendToAll(bytes)],
  ['sendToAll Uint8Array view with offset', (c) => c.sendToAll(bytes.subarray(2, 6))],
  ['sendToAll ArrayBuffer', (c) => c.sendToAll(bytes.slice().buffer)],
  [
    'sendToAll all options',
    (c) =>
      c.sendToAll(
        { a: 1 },
        {
          excludedConnections: ['c1', 'c 2', CONN],
          filter: odata`userId eq ${USER} or length(userId) gt ${3}`,
          messageTtlSeconds: 30,
        },
      ),
  ],
  ['sendToAll messageTtlSeconds 0', (c) => c.sendToAll({ a: 1 }, { messageTtlSeconds: 0 })],
  ['sendToAll messageTtlSeconds 300', (c) => c.sendToAll({ a: 1 }, { messageTtlSeconds: 300 })],
  ['sendToAll one excluded', (c) => c.sendToAll('x', { excludedConnections: ['only'] })],
  ['sendToAll empty excluded list', (c) => c.sendToAll('x', { excludedConnections: [] })],
  [
    'sendToAll text with filter',
    (c) => c.sendToAll('hi', { contentType: 'text/plain', filter: "'a' in groups" }),
  ],
  ['sendToUser JSON', (c) => c.sendToUser(USER, { to: 'user' })],
  ['sendToUser text', (c) => c.sendToUser(USER, 'text', { contentType: 'text/plain' })],
  ['sendToUser binary', (c) => c.sendToUser(USER, bytes)],
  [
    'sendToUser filter and ttl',
    (c) =>
      c.sendToUser(
        USER,
        { a: 1 },
        { filter: odata`connectionId ne ${CONN}`, messageTtlSeconds: 5 },
      ),
  ],
  ['sendToConnection JSON', (c) => c.sendToConnection(CONN, { to: 'conn' })],
  ['sendToConnection text', (c) => c.sendToConnection(CONN, 'text', { contentType: 'text/plain' })],
  ['sendToConnection binary', (c) => c.sendToConnection(CONN, bytes.buffer)],
  ['sendToConnection ttl', (c) => c.sendToConnection(CONN, { a: 1 }, { messageTtlSeconds: 12 })],
  ['group.sendToAll JSON', (c) => c.group(GROUP).sendToAll({ to: 'group' })],
  ['group.sendToAll text', (c) => c.group(GROUP).sendToAll('t', { contentType: 'text/plain' })],
  ['group.sendToAll binary', (c) => c.group(GROUP).sendToAll(new Float32Array([1.5, -2]))],
  [
    'group.sendToAll all options',
    (c) =>
      c.group(GROUP).sendToAll(
        { a: 1 },
        {
          excludedConnections: ['c1', CONN],
          filter: odata`userId eq ${null}`,
          messageTtlSeconds: 300,
        },
      ),
  ],
];

const manageCases: Array<[string, Call]> = [
  ['closeConnection', (c) => c.closeConnection(CONN)],
  ['closeConnection reason', (c) => c.closeConnection(CONN, { reason: "bye 'now'/ü" })],
  ['closeAllConnections', (c) => c.closeAllConnections()],
  [
    'closeAllConnections excluded and reason',
    (c) => c.closeAllConnections({ excluded: ['a', CONN], reason: 'maintenance' } as never),
  ],
  ['closeUserConnections', (c) => c.closeUserConnections(USER)],
  [
    'closeUserConnections excluded and reason',
    (c) => c.closeUserConnections(USER, { excluded: ['a'], reason: 'r e' } as never),
  ],
  ['group.closeAllConnections', (c) => c.group(GROUP).closeAllConnections()],
  [
    'group.closeAllConnections excluded and reason',
    (c) => c.group(GROUP).closeAllConnections({ excluded: [CONN, 'b'], reason: 'done' } as never),
  ],
  ['removeUserFromAllGroups', (c) => c.removeUserFromAllGroups(USER)],
  ['removeConnectionFromAllGroups', (c) => c.removeConnectionFromAllGroups(CONN)],
  [
    'addConnectionsToGroups',
    (c) => c.addConnectionsToGroups([GROUP, 'g2'], odata`userId eq ${USER}`),
  ],
  ['removeConnectionsFromGroups', (c) => c.removeConnectionsFromGroups(['g1'], "'g2' in groups")],
  ['group.addConnection', (c) => c.group(GROUP).addConnection(CONN)],
  ['group.removeConnection', (c) => c.group(GROUP).removeConnection(CONN)],
  ['group.addUser', (c) => c.group(GROUP).addUser(USER)],
  ['group.removeUser', (c) => c.group(GROUP).removeUser(USER)],
  ['grantPermission sendToGroup', (c) => c.grantPermission(CONN, 'sendToGroup')],
  [
    'grantPermission joinLeaveGroup targetName',
    (c) => c.grantPermission(CONN, 'joinLeaveGroup', { targetName: GROUP }),
  ],
  ['revokePermission', (c) => c.revokePermission(CONN, 'sendToGroup')],
  [
    'revokePermission targetName',
    (c) => c.revokePermission(CONN, 'joinLeaveGroup', { targetName: GROUP }),
  ],
  ['hasPermission', (c) => c.hasPermission(CONN, 'sendToGroup')],
  ['hasPermission targetName', (c) => c.hasPermission(CONN, 'joinLeaveGroup', { targetName: 'g' })],
  ['connectionExists', (c) => c.connectionExists(CONN)],
  ['groupExists', (c) => c.groupExists(GROUP)],
  ['userExists', (c) => c.userExists(USER)],
];

describe('Web PubSub requests match @azure/web-pubsub 1.2.0', () => {
  it.each(sendCases)('%s', async (_name, call) => {
    await expectSameWire(call);
  });

  it.each(manageCases)('%s', async (_name, call) => {
    await expectSameWire(call);
  });

  it.each(blobCases)('%s', async (_name, theirs, mine) => {
    await expectSameWire(theirs, mine);
  });

  it.each([
    ['connectionExists', (c: WebPubSubServiceClient) => c.connectionExists(CONN)],
    ['groupExists', (c: WebPubSubServiceClient) => c.groupExists(GROUP)],
    ['userExists', (c: WebPubSubServiceClient) => c.userExists(USER)],
    ['hasPermission', (c: WebPubSubServiceClient) => c.hasPermission(CONN, 'joinLeaveGroup')],
  ])('%s answers false on 404, like the official client', async (_name, call) => {
    server.respond = () => ({ status: 404 });
    try {
      const { mine } = await expectSameWire(call);
      expect(mine.result).toBe(false);
      server.respond = successReply;
      expect((await expectSameWire(call)).mine.result).toBe(true);
    } finally {
      server.respond = successReply;
    }
  });

  it('group.listConnections follows nextLink like the official client', async () => {
    const pages = [
      { value: [{ connectionId: 'c1', userId: 'u1' }, { connectionId: 'c2' }], next: 'p2' },
      { value: [{ connectionId: 'c3', userId: "o'k" }], next: 'p3' },
      { value: [{ connectionId: 'c4' }] },
    ];
    server.respond = (request) => {
      const token = new URL(request.target, server.url).searchParams.get('continuationToken');
      const page = pages[token ? Number(token.slice(1)) - 1 : 0] ?? { value: [] };
      const nextLink = page.next
        ? `${server.url}/api/hubs/${encodeURIComponent(HUB)}/groups/x/connections?continuationToken=${page.next}&maxpagesize=2`
        : undefined;
      return json(200, { value: page.value, nextLink });
    };
    try {
      const collect: Call = async (c) => {
        const members = [];
        for await (const member of await c
          .group(GROUP)
          .listConnections({ maxPageSize: 2, top: 10 })) {
          members.push(member);
        }
        return members;
      };
      const { mine } = await expectSameWire(collect);
      expect(mine.requests).toHaveLength(3);
      expect(mine.result).toEqual([
        { connectionId: 'c1', userId: 'u1' },
        { connectionId: 'c2' },
        { connectionId: 'c3', userId: "o'k" },
        { connectionId: 'c4' },
      ]);
      await expectSameWire(async (c) => {
        const members = [];
        for await (const member of await c.group(GROUP).listConnections()) members.push(member);
        return members;
      });
    } finally {
      server.respond = successReply;
    }
  });

  it('odata builds the same filters as the official helper', () => {
    const cases: Array<[TemplateStringsArray, unknown[]]> = [];
    const capture = (strings: TemplateStringsArray, ...values: unknown[]) => {
      cases.push([strings, values]);
    };
    capture`userId eq ${"vic's"}`;
    capture`userId eq ${null} or userId eq ${undefined} or length(userId) gt ${3}`;
    capture`userId eq '${"it's"}'`;
    capture`${true} and ${['a', 'b']} and ${"''"}`;
    capture`no values`;
    for (const [strings, values] of cases) {
      expect(odata(strings, ...values)).toBe(officialOdata(strings, ...values));
    }
  });

  it('text/plain with a non-string message is a TypeError in both clients', async () => {
    const call = (c: WebPubSubServiceClient) =>
      c.sendToAll({ not: 'text' } as never, { contentType: 'text/plain' });
    await expect(call(official)).rejects.toThrow(TypeError);
    await expect(call(ours)).rejects.toThrow(TypeError);
    expect(server.take()).toHaveLength(0);
  });
});

describe('client access tokens match @azure/web-pubsub 1.2.0', () => {
  const tokenCases: Array<[string, GenerateClientTokenOptions]> = [
    ['no options', {}],
    ['userId', { userId: USER }],
    [
      'roles and groups',
      {
        roles: ['webpubsub.joinLeaveGroup', `webpubsub.sendToGroup.${GROUP}`],
        groups: [GROUP, 'g2'],
      },
    ],
    ['empty roles and groups', { roles: [], groups: [] }],
    ['expiration', { userId: 'u', expirationTimeInMinutes: 5 }],
    ['default protocol', { clientProtocol: 'default', userId: 'u' }],
    ['mqtt', { clientProtocol: 'mqtt', userId: 'u', roles: ['webpubsub.joinLeaveGroup'] }],
    ['socketio', { clientProtocol: 'socketio', groups: ['g'], expirationTimeInMinutes: 120 }],
  ];

  it.each(tokenCases)('%s', async (_name, options) => {
    const theirs = await official.getClientAccessToken(options);
    const mine = await ours.getClientAccessToken(options);
    expect(mine.baseUrl).toBe(theirs.baseUrl);
    expect(mine.url).toBe(`${mine.baseUrl}?access_token=${mine.token}`);
    const a = decodeJwt(mine.token);
    const e = decodeJwt(theirs.token);
    expect(a.header).toEqual(e.header);
    const { iat: ai, exp: ax, ...aRest } = a.claims as { iat: number; exp: number };
    const { iat: ei, exp: ex, ...eRest } = e.claims as { iat: number; exp: number };
    expect(aRest).toEqual(eRest);
    expect(ax - ai).toBe(ex - ei);
    expect(Math.abs(ai - ei)).toBeLessThanOrEqual(1);
    expect(server.take()).toHaveLength(0);
  });

  it('the token verifies with the access key', async () => {
    const { jwtVerify } = await import('jose');
    const { token, baseUrl } = await ours.getClientAccessToken({ userId: 'u1' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(KEY), {
      audience: baseUrl.replace(/^ws/, 'http'),
    });
    expect(payload.sub).toBe('u1');
  });
});

describe('Entra ID credentials match @azure/web-pubsub 1.2.0', () => {
  const scopes: unknown[] = [];
  const credential = {
    getToken: async (scope: string | string[]) => {
      scopes.push(scope);
      return { token: 'entra-token', expiresOnTimestamp: Date.now() + 3600_000 };
    },
  };
  let theirClient: WebPubSubServiceClient;
  let myClient: WebPubSubServiceClient;

  beforeAll(() => {
    // core-rest-pipeline sends bearer tokens only to https URLs: the official client sees
    // https://127.0.0.1:<port> and its HttpClient delivers to the plain-http recording server.
    theirClient = new OfficialClient(`https://127.0.0.1:${server.port}`, credential, HUB, {
      httpClient: loopbackHttpClient(server.port),
      retryOptions: { maxRetries: 0 },
    } as never) as unknown as WebPubSubServiceClient;
    myClient = new WebPubSubServiceClient(server.url, credential, HUB, {
      retry: { maxRetries: 0 },
    });
  });

  async function both(call: Call): Promise<[Run, Run]> {
    const theirs = await run(theirClient, call);
    const mine = await run(myClient, call);
    expect(theirs.error).toBeUndefined();
    expect(mine.error).toBeUndefined();
    expect(mine.requests.map((r) => [r.method, r.target, r.headers.authorization])).toEqual(
      theirs.requests.map((r) => [r.method, normalize(r.target), r.headers.authorization]),
    );
    covered.push(...mine.requests);
    return [theirs, mine];
  }

  it('REST calls carry the bearer token for scope https://webpubsub.azure.com/.default', async () => {
    scopes.length = 0;
    const [theirs] = await both((c) => c.sendToAll({ a: 1 }));
    expect(theirs.requests[0]?.headers.authorization).toBe('Bearer entra-token');
    expect(scopes.length).toBeGreaterThanOrEqual(2);
    for (const scope of scopes) {
      expect([scope].flat()).toEqual(['https://webpubsub.azure.com/.default']);
    }
  });

  it.each<[string, GenerateClientTokenOptions]>([
    ['no options', {}],
    [
      'every option',
      { userId: USER, roles: ['r1', 'r 2'], groups: [GROUP], expirationTimeInMinutes: 7 },
    ],
    ['mqtt', { clientProtocol: 'mqtt' }],
    ['socketio', { clientProtocol: 'socketio', userId: 'u' }],
  ])('getClientAccessToken asks :generateToken (%s)', async (_name, options) => {
    const [theirs, mine] = await both((c) => c.getClientAccessToken(options));
    // The URL is built locally from the endpoint, which is https for the official client here.
    const mineResult = mine.result as { baseUrl: string; url: string };
    const theirResult = theirs.result as { baseUrl: string; url: string };
    expect(mineResult.baseUrl).toBe(theirResult.baseUrl.replace('wss://', 'ws://'));
    expect(mineResult.url).toBe(theirResult.url.replace('wss://', 'ws://'));
    expect((mine.result as { token: string }).token).toBe('service-minted-token');
  });
});

describe('reverseProxyEndpoint matches @azure/web-pubsub 1.2.0', () => {
  it('sends to the proxy and keeps the service URL as aud', async () => {
    const service = 'http://my-instance.webpubsub.example';
    const credential = { key: KEY };
    const options = {
      reverseProxyEndpoint: server.url,
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    };
    const theirClient = new OfficialClient(service, credential as never, HUB, options);
    const myClient = new WebPubSubServiceClient(service, credential, HUB, options);
    server.take();
    await theirClient.sendToUser(USER, { a: 1 }, { filter: "userId eq 'x'" });
    await myClient.sendToUser(USER, { a: 1 }, { filter: "userId eq 'x'" });
    const [theirs, mine] = server.take() as [Recorded, Recorded];
    expect(mine.target).toBe(normalize(theirs.target));
    const aud = bearerOf(mine.headers.authorization).claims.aud;
    expect(aud).toBe(normalize(bearerOf(theirs.headers.authorization).claims.aud as string));
    expect(aud).toBe(`${service}${mine.target}`);
  });
});

describe('coverage', () => {
  it('every Web PubSub operation of the spec was compared with the official client', () => {
    const spec = loadSpec(fileURLToPath(new URL('../../../specs/webpubsub.yaml', import.meta.url)));
    const missing = listOperations(spec)
      .filter((op) => op.operationId !== 'HealthApi_GetServiceStatus')
      .filter(
        (op) =>
          !covered.some(
            (r) =>
              r.method === op.method && pathMatcher(op.path).test(r.target.split('?')[0] ?? ''),
          ),
      )
      .map((op) => op.operationId);
    expect(missing).toEqual([]);
  });
});
