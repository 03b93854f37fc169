// Wire tests: every operation in specs/signalr-v1.yaml is called through the generated function with an
// injected fetch, and the exact request (method, path escaping, query, content type, body) is checked.
import { expect } from 'vitest';
import * as api from '../src/index.js';
import {
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
const P = `/api/v1/hubs/${HUB}`;

const PAYLOAD = { Target: 'newMessage', Arguments: ['héllo', { n: 1 }, 2, null] };
const PAYLOAD_JSON = '{"Target":"newMessage","Arguments":["héllo",{"n":1},2,null]}';

const send = (
  fn: Fn,
  path: object,
  expectedPath: string,
  query?: object,
  expectedQuery?: string,
): Case => ({
  name: 'PayloadMessage body',
  fn,
  args: { path, query, body: PAYLOAD },
  status: 202,
  path: expectedPath,
  query: expectedQuery,
  json: PAYLOAD_JSON,
});

/** GET existence checks are answered 200 (exists) and 404 (does not). */
const exists = (fn: Fn, path: object, expectedPath: string): Case[] =>
  [200, 404].map((status) => ({
    name: `answered ${status}`,
    fn,
    args: { path },
    status,
    path: expectedPath,
    check: ({ response }) => expect(response?.status).toBe(status),
  }));

const cases: Record<string, Case[]> = {
  SignalR_Broadcast: [
    send(
      api.signalRBroadcast,
      { hub: HUB },
      P,
      { excluded: ['c1', 'c 2', 'c/3'] },
      'excluded=c1&excluded=c%202&excluded=c%2F3',
    ),
  ],
  SignalR_SendToUser: [
    send(api.signalRSendToUser, { hub: HUB, user: USER }, `${P}/users/${USER_ESC}`),
  ],
  SignalR_SendToConnection: [
    send(
      api.signalRSendToConnection,
      { hub: HUB, connectionId: CONN },
      `${P}/connections/${CONN_ESC}`,
    ),
  ],
  SignalR_SendToGroup: [
    send(
      api.signalRSendToGroup,
      { hub: HUB, group: GROUP },
      `${P}/groups/${GROUP_ESC}`,
      { excluded: ['a', 'b'] },
      'excluded=a&excluded=b',
    ),
  ],
  SignalR_CheckConnectionExistence: exists(
    api.signalRCheckConnectionExistence,
    { hub: HUB, connectionId: CONN },
    `${P}/connections/${CONN_ESC}`,
  ),
  SignalR_CheckGroupExistence: exists(
    api.signalRCheckGroupExistence,
    { hub: HUB, group: GROUP },
    `${P}/groups/${GROUP_ESC}`,
  ),
  SignalR_CheckUserExistence: exists(
    api.signalRCheckUserExistence,
    { hub: HUB, user: USER },
    `${P}/users/${USER_ESC}`,
  ),
  SignalR_CheckUserExistenceInGroup: exists(
    api.signalRCheckUserExistenceInGroup,
    { hub: HUB, group: GROUP, user: USER },
    `${P}/groups/${GROUP_ESC}/users/${USER_ESC}`,
  ),
  SignalR_CloseConnection: [
    plain(
      'with reason',
      api.signalRCloseConnection,
      { path: { hub: HUB, connectionId: CONN }, query: { reason: 'bye now/ü' } },
      202,
      `${P}/connections/${CONN_ESC}`,
      'reason=bye%20now%2F%C3%BC',
    ),
  ],
  SignalR_AddConnectionToGroup: [
    plain(
      'put',
      api.signalRAddConnectionToGroup,
      { path: { hub: HUB, group: GROUP, connectionId: CONN } },
      200,
      `${P}/groups/${GROUP_ESC}/connections/${CONN_ESC}`,
    ),
  ],
  SignalR_RemoveConnectionFromGroup: [
    plain(
      'delete',
      api.signalRRemoveConnectionFromGroup,
      { path: { hub: HUB, group: GROUP, connectionId: CONN } },
      200,
      `${P}/groups/${GROUP_ESC}/connections/${CONN_ESC}`,
    ),
  ],
  SignalR_AddUserToGroup: [
    plain(
      'without ttl',
      api.signalRAddUserToGroup,
      { path: { hub: HUB, group: GROUP, user: USER } },
      202,
      `${P}/groups/${GROUP_ESC}/users/${USER_ESC}`,
    ),
    plain(
      'with ttl',
      api.signalRAddUserToGroup,
      { path: { hub: HUB, group: GROUP, user: USER }, query: { ttl: 90 } },
      202,
      `${P}/groups/${GROUP_ESC}/users/${USER_ESC}`,
      'ttl=90',
    ),
  ],
  SignalR_RemoveUserFromGroup: [
    plain(
      'delete',
      api.signalRRemoveUserFromGroup,
      { path: { hub: HUB, group: GROUP, user: USER } },
      202,
      `${P}/groups/${GROUP_ESC}/users/${USER_ESC}`,
    ),
  ],
  SignalR_RemoveUserFromAllGroups: [
    plain(
      'answered 200',
      api.signalRRemoveUserFromAllGroups,
      { path: { hub: HUB, user: USER } },
      200,
      `${P}/users/${USER_ESC}/groups`,
    ),
    plain(
      'answered 202',
      api.signalRRemoveUserFromAllGroups,
      { path: { hub: HUB, user: USER } },
      202,
      `${P}/users/${USER_ESC}/groups`,
    ),
  ],
  SignalR_GetHealthStatus: [200, 404].map((status) =>
    plain(`HEAD answered ${status}`, api.signalRGetHealthStatus, {}, status, '/api/v1/health'),
  ),
  SignalR_GetAccessKey: [
    {
      ...plain(
        'returns KeyId and AccessKey',
        api.signalRGetAccessKey,
        {},
        200,
        '/api/v1/auth/accessKey',
      ),
      check: ({ data }) => expect(data).toEqual({ KeyId: 'kid-1', AccessKey: 'secret' }),
    },
  ],
};

function answerFor(operationId: string, status: number): Response {
  if (operationId === 'SignalR_GetAccessKey') {
    return new Response(JSON.stringify({ KeyId: 'kid-1', AccessKey: 'secret' }), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  }
  return new Response(null, { status });
}

describeWire('signalr-v1.yaml', api, cases, answerFor);
