// Wire tests of @hubcast/signalr-rest/2024-12-01: every operation in specs/signalr.yaml is called through
// the generated function with an injected fetch, and the exact request (method, path escaping, query,
// content type, body) is checked. Expected paths and queries are written out by hand.
import { expect } from 'vitest';
import * as api from '../src/2024-12-01.js';
import {
  BASE,
  type Case,
  CONN,
  CONN_ESC,
  describeWire,
  type Fn,
  GROUP,
  GROUP_ESC,
  plain,
  USER,
  USER_ESC,
} from './helpers/wire-harness.js';

const HUB = 'chat';
const P = `/api/hubs/${HUB}`;
const V = { 'api-version': '2024-12-01' };
const AV = 'api-version=2024-12-01';
const APP = { application: 'shop', 'api-version': '2024-12-01' };
const APP_AV = 'application=shop&api-version=2024-12-01';
const STREAM = 'inv 1/ü';
const STREAM_ESC = 'inv%201%2F%C3%BC';

const PAYLOAD = { target: 'newMessage', arguments: ['héllo', { n: 1 }, 2, null] };
const PAYLOAD_JSON = '{"target":"newMessage","arguments":["héllo",{"n":1},2,null]}';

const send = (fn: Fn, path: object, expectedPath: string, query: object, q: string): Case => ({
  name: 'PayloadMessage body',
  fn,
  args: { path, query, body: PAYLOAD },
  status: 202,
  path: expectedPath,
  query: q,
  json: PAYLOAD_JSON,
});

/** HEAD existence checks are answered 200 (exists) and 404 (does not), with and without an application. */
const exists = (fn: Fn, path: object, expectedPath: string): Case[] => [
  ...[200, 404].map((status) => ({
    name: `answered ${status}`,
    fn,
    args: { path, query: V },
    status,
    path: expectedPath,
    query: AV,
    check: ({ response }: { response?: Response }) => expect(response?.status).toBe(status),
  })),
  plain('with application', fn, { path, query: APP }, 200, expectedPath, APP_AV),
];

const close = (fn: Fn, path: object, expectedPath: string): Case[] => [
  plain('no options', fn, { path, query: V }, 204, expectedPath, AV),
  plain(
    'excluded, reason and application',
    fn,
    { path, query: { ...APP, excluded: ['c1', 'c 2'], reason: 'bye now/ü' } },
    204,
    expectedPath,
    `${APP_AV}&excluded=c1&excluded=c%202&reason=bye%20now%2F%C3%BC`,
  ),
];

const cases: Record<string, Case[]> = {
  SignalR_GetAccessKey: [
    {
      ...plain(
        'returns KeyId and AccessKey',
        api.signalRGetAccessKey,
        { query: V },
        200,
        '/api/auth/accessKey',
        AV,
      ),
      check: ({ data }) => expect(data).toEqual({ KeyId: 'kid-1', AccessKey: 'secret' }),
    },
  ],
  SignalR_GetHealthStatus: [200, 503].map((status) =>
    plain(
      `HEAD answered ${status}`,
      api.signalRGetHealthStatus,
      { query: V },
      status,
      '/api/health',
      AV,
    ),
  ),
  SignalR_CloseConnections: close(
    api.signalRCloseConnections,
    { hub: HUB },
    `${P}/:closeConnections`,
  ),
  SignalR_Execute: [
    {
      name: 'every command type, with a filter',
      fn: api.signalRExecute,
      args: {
        path: { hub: HUB },
        query: { filter: "userId eq 'u 1'", ...V },
        body: [
          { type: 'JoinGroup', group: 'g1' },
          { type: 'SendMessage', message: { target: 'hello', arguments: [1] } },
          { type: 'LeaveGroup', group: 'g1' },
          { type: 'CloseConnection', reason: 'done' },
        ],
      },
      status: 202,
      path: `${P}/:execute`,
      // WHATWG URL parsing percent-encodes ' in a query (as %27); that is what goes on the wire.
      query: `filter=userId%20eq%20%27u%201%27&${AV}`,
      json: '[{"type":"JoinGroup","group":"g1"},{"type":"SendMessage","message":{"target":"hello","arguments":[1]}},{"type":"LeaveGroup","group":"g1"},{"type":"CloseConnection","reason":"done"}]',
    },
  ],
  SignalR_GenerateClientToken: [
    {
      ...plain(
        'userId and minutesToExpire',
        api.signalRGenerateClientToken,
        { path: { hub: 'shop_chat' }, query: { userId: USER, minutesToExpire: 5, ...V } },
        200,
        '/api/hubs/shop_chat/:generateToken',
        `userId=${USER_ESC}&minutesToExpire=5&${AV}`,
      ),
      check: ({ data }) => expect(data).toEqual({ token: 'tok.en.value' }),
    },
  ],
  SignalR_Broadcast: [
    send(api.signalRBroadcast, { hub: HUB }, `${P}/:send`, V, AV),
    send(
      api.signalRBroadcast,
      { hub: HUB },
      `${P}/:send`,
      { ...APP, excluded: ['c1', 'c/3'] },
      `${APP_AV}&excluded=c1&excluded=c%2F3`,
    ),
  ],
  SignalR_CloseConnection: [
    plain(
      'with reason',
      api.signalRCloseConnection,
      { path: { hub: HUB, connectionId: CONN }, query: { ...V, reason: 'bye now/ü' } },
      200,
      `${P}/connections/${CONN_ESC}`,
      `${AV}&reason=bye%20now%2F%C3%BC`,
    ),
  ],
  SignalR_CheckConnectionExistence: exists(
    api.signalRCheckConnectionExistence,
    { hub: HUB, connectionId: CONN },
    `${P}/connections/${CONN_ESC}`,
  ),
  SignalR_InvokeClientConnection: [
    {
      ...send(
        api.signalRInvokeClientConnection,
        { hub: HUB, connectionId: CONN },
        `${P}/connections/${CONN_ESC}/:invoke`,
        APP,
        APP_AV,
      ),
      name: 'returns the client result',
      status: 200,
      check: ({ data }) => expect(data).toEqual({ result: { answer: 42 } }),
    },
  ],
  SignalR_SendToConnection: [
    send(
      api.signalRSendToConnection,
      { hub: HUB, connectionId: CONN },
      `${P}/connections/${CONN_ESC}/:send`,
      V,
      AV,
    ),
  ],
  SignalR_RemoveConnectionFromAllGroups: [
    plain(
      'delete',
      api.signalRRemoveConnectionFromAllGroups,
      { path: { hub: HUB, connectionId: CONN }, query: V },
      200,
      `${P}/connections/${CONN_ESC}/groups`,
      AV,
    ),
  ],
  SignalR_CompleteConnectionStream: [
    plain(
      'without an error',
      api.signalRCompleteConnectionStream,
      { path: { hub: HUB, connectionId: CONN, streamId: STREAM }, query: V },
      202,
      `${P}/connections/${CONN_ESC}/streams/${STREAM_ESC}/:complete`,
      AV,
    ),
    plain(
      'with an error reason',
      api.signalRCompleteConnectionStream,
      { path: { hub: HUB, connectionId: CONN, streamId: STREAM }, query: { reason: 'boom', ...V } },
      202,
      `${P}/connections/${CONN_ESC}/streams/${STREAM_ESC}/:complete`,
      `reason=boom&${AV}`,
    ),
  ],
  SignalR_SendToConnectionStream: [
    {
      name: 'a JSON item, last of the stream',
      fn: api.signalRSendToConnectionStream,
      args: {
        path: { hub: HUB, connectionId: CONN, streamId: STREAM },
        query: { completed: true, ...V },
        body: { n: 1, s: 'ü' },
      },
      status: 202,
      path: `${P}/connections/${CONN_ESC}/streams/${STREAM_ESC}/:send`,
      query: `completed=true&${AV}`,
      json: '{"n":1,"s":"ü"}',
    },
  ],
  SignalR_CheckGroupExistence: exists(
    api.signalRCheckGroupExistence,
    { hub: HUB, group: GROUP },
    `${P}/groups/${GROUP_ESC}`,
  ),
  SignalR_CloseGroupConnections: close(
    api.signalRCloseGroupConnections,
    { hub: HUB, group: GROUP },
    `${P}/groups/${GROUP_ESC}/:closeConnections`,
  ),
  SignalR_SendToGroup: [
    send(
      api.signalRSendToGroup,
      { hub: HUB, group: GROUP },
      `${P}/groups/${GROUP_ESC}/:send`,
      { ...V, excluded: ['a', 'b'] },
      `${AV}&excluded=a&excluded=b`,
    ),
  ],
  SignalR_ListConnectionsInGroup: [
    {
      ...plain(
        'first page with paging options',
        api.signalRListConnectionsInGroup,
        { path: { hub: HUB, group: GROUP }, query: { maxpagesize: 2, top: 5, ...APP } },
        200,
        `${P}/groups/${GROUP_ESC}/connections`,
        `maxpagesize=2&top=5&${APP_AV}`,
      ),
      check: ({ data }) =>
        expect(data).toEqual({
          value: [{ connectionId: 'c1', userId: 'u1' }, { connectionId: 'c2' }],
          nextLink: `${BASE}${P}/groups/g/connections?continuationToken=c2&api-version=2024-12-01`,
        }),
    },
    plain(
      'next page by continuationToken',
      api.signalRListConnectionsInGroup,
      { path: { hub: HUB, group: GROUP }, query: { continuationToken: 'c2', ...V } },
      200,
      `${P}/groups/${GROUP_ESC}/connections`,
      `continuationToken=c2&${AV}`,
    ),
  ],
  SignalR_AddConnectionToGroup: [
    plain(
      'put',
      api.signalRAddConnectionToGroup,
      { path: { hub: HUB, group: GROUP, connectionId: CONN }, query: V },
      200,
      `${P}/groups/${GROUP_ESC}/connections/${CONN_ESC}`,
      AV,
    ),
  ],
  SignalR_RemoveConnectionFromGroup: [
    plain(
      'delete',
      api.signalRRemoveConnectionFromGroup,
      { path: { hub: HUB, group: GROUP, connectionId: CONN }, query: V },
      200,
      `${P}/groups/${GROUP_ESC}/connections/${CONN_ESC}`,
      AV,
    ),
  ],
  SignalR_CheckUserExistence: exists(
    api.signalRCheckUserExistence,
    { hub: HUB, user: USER },
    `${P}/users/${USER_ESC}`,
  ),
  SignalR_CloseUserConnections: close(
    api.signalRCloseUserConnections,
    { hub: HUB, user: USER },
    `${P}/users/${USER_ESC}/:closeConnections`,
  ),
  SignalR_SendToUser: [
    send(
      api.signalRSendToUser,
      { hub: HUB, user: USER },
      `${P}/users/${USER_ESC}/:send`,
      APP,
      APP_AV,
    ),
  ],
  SignalR_RemoveUserFromAllGroups: [
    plain(
      'delete',
      api.signalRRemoveUserFromAllGroups,
      { path: { hub: HUB, user: USER }, query: V },
      204,
      `${P}/users/${USER_ESC}/groups`,
      AV,
    ),
  ],
  SignalR_RemoveUserFromGroup: [
    plain(
      'delete',
      api.signalRRemoveUserFromGroup,
      { path: { hub: HUB, group: GROUP, user: USER }, query: V },
      204,
      `${P}/users/${USER_ESC}/groups/${GROUP_ESC}`,
      AV,
    ),
  ],
  SignalR_CheckUserExistenceInGroup: exists(
    api.signalRCheckUserExistenceInGroup,
    { hub: HUB, group: GROUP, user: USER },
    `${P}/users/${USER_ESC}/groups/${GROUP_ESC}`,
  ),
  SignalR_AddUserToGroup: [
    plain(
      'without ttl',
      api.signalRAddUserToGroup,
      { path: { hub: HUB, group: GROUP, user: USER }, query: V },
      200,
      `${P}/users/${USER_ESC}/groups/${GROUP_ESC}`,
      AV,
    ),
    plain(
      'with ttl 0 (only the connections open now)',
      api.signalRAddUserToGroup,
      { path: { hub: HUB, group: GROUP, user: USER }, query: { ttl: 0, ...V } },
      200,
      `${P}/users/${USER_ESC}/groups/${GROUP_ESC}`,
      `ttl=0&${AV}`,
    ),
  ],
};

const JSON_ANSWERS: Record<string, unknown> = {
  SignalR_GetAccessKey: { KeyId: 'kid-1', AccessKey: 'secret' },
  SignalR_GenerateClientToken: { token: 'tok.en.value' },
  SignalR_InvokeClientConnection: { result: { answer: 42 } },
  SignalR_ListConnectionsInGroup: {
    value: [{ connectionId: 'c1', userId: 'u1' }, { connectionId: 'c2' }],
    nextLink: `${BASE}${P}/groups/g/connections?continuationToken=c2&api-version=2024-12-01`,
  },
};

function answerFor(operationId: string, status: number): Response {
  const body = JSON_ANSWERS[operationId];
  if (body === undefined) return new Response(null, { status });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

describeWire('signalr.yaml', api, cases, answerFor);
