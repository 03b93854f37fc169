// Wire tests: every operation in specs/webpubsub.yaml is called through the generated function with an
// injected fetch, and the exact request (method, path escaping, query, content type, body) is checked.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordingFetch } from '../../../scripts/lib/recording-fetch.mjs';
import {
  functionNameFor,
  listOperations,
  loadSpec,
  pathMatcher,
} from '../../../scripts/lib/spec.mjs';
import * as api from '../src/index.js';

const spec = loadSpec(fileURLToPath(new URL('../../../specs/webpubsub.yaml', import.meta.url)));
const operations = listOperations(spec);
const BASE = 'https://demo.webpubsub.azure.com';
const V = '2024-12-01';
const AV = `api-version=${V}`;

// WHATWG URL parsing percent-encodes ' in a query (as %27); that is what goes on the wire.
// Ids chosen to need escaping: space, '/', '#', '@' and non-ASCII. Expected forms are written out by hand.
const HUB = 'chat_1';
const GROUP = 'room 1/a#b·é';
const GROUP_ESC = 'room%201%2Fa%23b%C2%B7%C3%A9';
const USER = 'user@x y/z#ü';
const USER_ESC = 'user%40x%20y%2Fz%23%C3%BC';
const CONN = 'conn/1 2#';
const CONN_ESC = 'conn%2F1%202%23';

type Call = (client: api.Client) => Promise<{ response?: Response }>;
interface Case {
  name: string;
  call: Call;
  status?: number;
  path: string;
  query: string;
  contentType?: string | null;
  body?: string | Uint8Array;
  check?: (result: { response?: Response; data?: unknown; error?: unknown }) => void;
}

const text = new TextEncoder();
const BINARY = new Uint8Array([0, 1, 2, 127, 128, 255]);

/** A send operation, called with a JSON, a text and a binary body. */
function sendCases(
  // biome-ignore lint/suspicious/noExplicitAny: each generated function has its own options type
  fn: (o: any) => Promise<{ response?: Response }>,
  path: Record<string, string>,
  expectedPath: string,
  query: Record<string, unknown>,
  expectedQuery: string,
): Case[] {
  const base = { path: expectedPath, query: expectedQuery };
  return [
    {
      ...base,
      name: 'json body',
      call: (client) => fn({ client, path, query, body: { greeting: 'héllo', n: [1, 2] } }),
      contentType: 'application/json',
      body: '{"greeting":"héllo","n":[1,2]}',
    },
    {
      ...base,
      name: 'text body',
      call: (client) =>
        fn({
          client,
          path,
          query,
          body: 'plain text ✓',
          bodySerializer: (b: unknown) => b,
          headers: { 'Content-Type': 'text/plain' },
        }),
      contentType: 'text/plain',
      body: 'plain text ✓',
    },
    {
      ...base,
      name: 'binary body',
      call: (client) =>
        fn({
          client,
          path,
          query,
          body: BINARY,
          bodySerializer: (b: unknown) => b,
          headers: { 'Content-Type': 'application/octet-stream' },
        }),
      contentType: 'application/octet-stream',
      body: BINARY,
    },
  ];
}

/** A HEAD existence check, answered 200 (true) and 404 (false). */
function headCases(call: Call, path: string, query: string): Case[] {
  return [200, 404].map((status) => ({
    name: `HEAD answered ${status}`,
    call,
    status,
    path,
    query,
    contentType: null,
    body: '',
    check: ({ response }) => expect(response?.status).toBe(status),
  }));
}

const hubPath = { hub: HUB };
const P = `/api/hubs/${HUB}`;

const cases: Record<string, Case[]> = {
  WebPubSub_SendToAll: sendCases(
    api.webPubSubSendToAll,
    hubPath,
    `${P}/:send`,
    { 'api-version': V, excluded: ['c1', 'c 2'], filter: "userId eq 'a b'", messageTtlSeconds: 30 },
    `${AV}&excluded=c1&excluded=c%202&filter=userId%20eq%20%27a%20b%27&messageTtlSeconds=30`,
  ),
  WebPubSub_SendToConnection: sendCases(
    api.webPubSubSendToConnection,
    { hub: HUB, connectionId: CONN },
    `${P}/connections/${CONN_ESC}/:send`,
    { 'api-version': V, messageTtlSeconds: 0 },
    `${AV}&messageTtlSeconds=0`,
  ),
  WebPubSub_SendToGroup: sendCases(
    api.webPubSubSendToGroup,
    { hub: HUB, group: GROUP },
    `${P}/groups/${GROUP_ESC}/:send`,
    { 'api-version': V, excluded: ['x', 'y'], filter: "'g' in groups", messageTtlSeconds: 300 },
    `${AV}&excluded=x&excluded=y&filter=%27g%27%20in%20groups&messageTtlSeconds=300`,
  ),
  WebPubSub_SendToUser: sendCases(
    api.webPubSubSendToUser,
    { hub: HUB, userId: USER },
    `${P}/users/${USER_ESC}/:send`,
    { 'api-version': V, filter: "connectionId ne 'c'", messageTtlSeconds: 5 },
    `${AV}&filter=connectionId%20ne%20%27c%27&messageTtlSeconds=5`,
  ),
  WebPubSub_ConnectionExists: headCases(
    (client) =>
      api.webPubSubConnectionExists({
        client,
        path: { hub: HUB, connectionId: CONN },
        query: { 'api-version': V },
      }),
    `${P}/connections/${CONN_ESC}`,
    AV,
  ),
  WebPubSub_GroupExists: headCases(
    (client) =>
      api.webPubSubGroupExists({
        client,
        path: { hub: HUB, group: GROUP },
        query: { 'api-version': V },
      }),
    `${P}/groups/${GROUP_ESC}`,
    AV,
  ),
  WebPubSub_UserExists: headCases(
    (client) =>
      api.webPubSubUserExists({
        client,
        path: { hub: HUB, userId: USER },
        query: { 'api-version': V },
      }),
    `${P}/users/${USER_ESC}`,
    AV,
  ),
  WebPubSub_CheckPermission: headCases(
    (client) =>
      api.webPubSubCheckPermission({
        client,
        path: { hub: HUB, permission: 'joinLeaveGroup', connectionId: CONN },
        query: { 'api-version': V, targetName: GROUP },
      }),
    `${P}/permissions/joinLeaveGroup/connections/${CONN_ESC}`,
    `${AV}&targetName=${GROUP_ESC}`,
  ),
  HealthApi_GetServiceStatus: headCases(
    (client) => api.healthApiGetServiceStatus({ client, query: { 'api-version': V } }),
    '/api/health',
    AV,
  ),
  WebPubSub_CloseConnection: [
    {
      name: 'with reason',
      call: (client) =>
        api.webPubSubCloseConnection({
          client,
          path: { hub: HUB, connectionId: CONN },
          query: { 'api-version': V, reason: 'bye now' },
        }),
      status: 204,
      path: `${P}/connections/${CONN_ESC}`,
      query: `${AV}&reason=bye%20now`,
    },
  ],
  WebPubSub_CloseAllConnections: [
    {
      name: 'excluded and reason',
      call: (client) =>
        api.webPubSubCloseAllConnections({
          client,
          path: hubPath,
          query: { 'api-version': V, excluded: ['a', 'b/c'], reason: 'maintenance' },
        }),
      status: 204,
      path: `${P}/:closeConnections`,
      query: `${AV}&excluded=a&excluded=b%2Fc&reason=maintenance`,
    },
  ],
  WebPubSub_CloseGroupConnections: [
    {
      name: 'excluded and reason',
      call: (client) =>
        api.webPubSubCloseGroupConnections({
          client,
          path: { hub: HUB, group: GROUP },
          query: { 'api-version': V, excluded: ['a', 'b'], reason: 'r' },
        }),
      status: 204,
      path: `${P}/groups/${GROUP_ESC}/:closeConnections`,
      query: `${AV}&excluded=a&excluded=b&reason=r`,
    },
  ],
  WebPubSub_CloseUserConnections: [
    {
      name: 'excluded and reason',
      call: (client) =>
        api.webPubSubCloseUserConnections({
          client,
          path: { hub: HUB, userId: USER },
          query: { 'api-version': V, excluded: ['only'], reason: 'kicked out' },
        }),
      status: 204,
      path: `${P}/users/${USER_ESC}/:closeConnections`,
      query: `${AV}&excluded=only&reason=kicked%20out`,
    },
  ],
  WebPubSub_AddConnectionToGroup: [
    {
      name: 'put',
      call: (client) =>
        api.webPubSubAddConnectionToGroup({
          client,
          path: { hub: HUB, group: GROUP, connectionId: CONN },
          query: { 'api-version': V },
        }),
      status: 200,
      path: `${P}/groups/${GROUP_ESC}/connections/${CONN_ESC}`,
      query: AV,
    },
  ],
  WebPubSub_RemoveConnectionFromGroup: [
    {
      name: 'delete',
      call: (client) =>
        api.webPubSubRemoveConnectionFromGroup({
          client,
          path: { hub: HUB, group: GROUP, connectionId: CONN },
          query: { 'api-version': V },
        }),
      status: 204,
      path: `${P}/groups/${GROUP_ESC}/connections/${CONN_ESC}`,
      query: AV,
    },
  ],
  WebPubSub_AddUserToGroup: [
    {
      name: 'put',
      call: (client) =>
        api.webPubSubAddUserToGroup({
          client,
          path: { hub: HUB, group: GROUP, userId: USER },
          query: { 'api-version': V },
        }),
      status: 200,
      path: `${P}/users/${USER_ESC}/groups/${GROUP_ESC}`,
      query: AV,
    },
  ],
  WebPubSub_RemoveUserFromGroup: [
    {
      name: 'delete',
      call: (client) =>
        api.webPubSubRemoveUserFromGroup({
          client,
          path: { hub: HUB, group: GROUP, userId: USER },
          query: { 'api-version': V },
        }),
      status: 204,
      path: `${P}/users/${USER_ESC}/groups/${GROUP_ESC}`,
      query: AV,
    },
  ],
  WebPubSub_RemoveUserFromAllGroups: [
    {
      name: 'delete',
      call: (client) =>
        api.webPubSubRemoveUserFromAllGroups({
          client,
          path: { hub: HUB, userId: USER },
          query: { 'api-version': V },
        }),
      status: 204,
      path: `${P}/users/${USER_ESC}/groups`,
      query: AV,
    },
  ],
  WebPubSub_RemoveConnectionFromAllGroups: [
    {
      name: 'delete',
      call: (client) =>
        api.webPubSubRemoveConnectionFromAllGroups({
          client,
          path: { hub: HUB, connectionId: CONN },
          query: { 'api-version': V },
        }),
      status: 204,
      path: `${P}/connections/${CONN_ESC}/groups`,
      query: AV,
    },
  ],
  WebPubSub_GrantPermission: [
    {
      name: 'sendToGroup with targetName',
      call: (client) =>
        api.webPubSubGrantPermission({
          client,
          path: { hub: HUB, permission: 'sendToGroup', connectionId: CONN },
          query: { 'api-version': V, targetName: 'g 1' },
        }),
      status: 200,
      path: `${P}/permissions/sendToGroup/connections/${CONN_ESC}`,
      query: `${AV}&targetName=g%201`,
    },
  ],
  WebPubSub_RevokePermission: [
    {
      name: 'joinLeaveGroup without targetName',
      call: (client) =>
        api.webPubSubRevokePermission({
          client,
          path: { hub: HUB, permission: 'joinLeaveGroup', connectionId: CONN },
          query: { 'api-version': V },
        }),
      status: 204,
      path: `${P}/permissions/joinLeaveGroup/connections/${CONN_ESC}`,
      query: AV,
    },
  ],
  WebPubSub_GenerateClientToken: [
    {
      name: 'all query parameters',
      call: (client) =>
        api.webPubSubGenerateClientToken({
          client,
          path: hubPath,
          query: {
            'api-version': V,
            userId: USER,
            role: ['webpubsub.joinLeaveGroup', 'webpubsub.sendToGroup.g1'],
            minutesToExpire: 5,
            group: ['g1', 'g 2'],
            clientType: 'MQTT',
          },
        }),
      status: 200,
      path: `${P}/:generateToken`,
      query: `${AV}&userId=${USER_ESC}&role=webpubsub.joinLeaveGroup&role=webpubsub.sendToGroup.g1&minutesToExpire=5&group=g1&group=g%202&clientType=MQTT`,
      check: ({ data }) => expect(data).toEqual({ token: 'tok' }),
    },
  ],
  WebPubSub_AddConnectionsToGroups: [
    {
      name: 'json body',
      call: (client) =>
        api.webPubSubAddConnectionsToGroups({
          client,
          path: hubPath,
          query: { 'api-version': V },
          body: { groups: ['a', 'b c'], filter: "userId eq 'u'" },
        }),
      status: 200,
      path: `${P}/:addToGroups`,
      query: AV,
      contentType: 'application/json',
      body: `{"groups":["a","b c"],"filter":"userId eq 'u'"}`,
    },
  ],
  WebPubSub_RemoveConnectionsFromGroups: [
    {
      name: 'json body',
      call: (client) =>
        api.webPubSubRemoveConnectionsFromGroups({
          client,
          path: hubPath,
          query: { 'api-version': V },
          body: { groups: ['a'], filter: "'a' in groups" },
        }),
      status: 200,
      path: `${P}/:removeFromGroups`,
      query: AV,
      contentType: 'application/json',
      body: `{"groups":["a"],"filter":"'a' in groups"}`,
    },
  ],
  WebPubSub_ListConnectionsInGroup: [
    {
      name: 'paging parameters',
      call: (client) =>
        api.webPubSubListConnectionsInGroup({
          client,
          path: { hub: HUB, group: GROUP },
          query: { 'api-version': V, maxpagesize: 2, top: 10, continuationToken: 'abc=' },
        }),
      status: 200,
      path: `${P}/groups/${GROUP_ESC}/connections`,
      query: `${AV}&maxpagesize=2&top=10&continuationToken=abc%3D`,
      check: ({ data }) =>
        expect(data).toEqual({
          value: [{ connectionId: 'c1', userId: 'u1' }],
          nextLink: `${BASE}/next`,
        }),
    },
  ],
};

/** Canned answers for operations whose response has a body. */
function answerFor(operationId: string, status: number): Response {
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  if (operationId === 'WebPubSub_GenerateClientToken') return json({ token: 'tok' });
  if (operationId === 'WebPubSub_ListConnectionsInGroup')
    return json({ value: [{ connectionId: 'c1', userId: 'u1' }], nextLink: `${BASE}/next` });
  return new Response(null, { status });
}

function bytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? text.encode(body) : body;
}

describe('webpubsub spec coverage', () => {
  it('has a wire case for every operation in the spec, and no extra ones', () => {
    expect(Object.keys(cases).sort()).toEqual(operations.map((o) => o.operationId).sort());
  });

  it('exports a generated function for every operation', () => {
    for (const op of operations) {
      expect(
        typeof (api as Record<string, unknown>)[functionNameFor(op.operationId)],
        op.operationId,
      ).toBe('function');
    }
  });
});

describe.each(operations)('$operationId ($method $path)', (op) => {
  const opCases = cases[op.operationId] ?? [];
  it.each(opCases)('$name', async (c) => {
    const status = c.status ?? 202;
    const { fetch, requests } = recordingFetch(() => answerFor(op.operationId, status));
    const client = api.createClient({ baseUrl: BASE, fetch });
    const result = await c.call(client);

    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req.method).toBe(op.method);
    expect(req.url.origin).toBe(BASE);
    expect(req.url.pathname).toBe(c.path);
    expect(req.url.pathname).toMatch(pathMatcher(op.path));
    expect(req.url.search).toBe(c.query ? `?${c.query}` : '');
    expect(req.headers.get('content-type')).toBe(c.contentType ?? null);
    expect(Buffer.from(req.body)).toEqual(Buffer.from(bytes(c.body ?? '')));
    expect(result.response?.status).toBe(status);
    c.check?.(result);
  });
});
