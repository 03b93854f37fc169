// The current REST calls (`/api/hubs/{hub}/...?api-version=2024-12-01`, specs/signalr.yaml) for the
// operations v1 also has. The application goes in the `application` query parameter instead of the
// hub prefix; bodies use this version's PayloadMessage casing (target, arguments).
import {
  type Client,
  type PayloadMessage,
  signalRAddConnectionToGroup,
  signalRAddUserToGroup,
  signalRBroadcast,
  signalRCheckConnectionExistence,
  signalRCheckGroupExistence,
  signalRCheckUserExistence,
  signalRCheckUserExistenceInGroup,
  signalRCloseConnection,
  signalRGetAccessKey,
  signalRGetHealthStatus,
  signalRRemoveConnectionFromGroup,
  signalRRemoveUserFromAllGroups,
  signalRRemoveUserFromGroup,
  signalRSendToConnection,
  signalRSendToGroup,
  signalRSendToUser,
} from '@hubcast/signalr-rest/2024-12-01';
import { directBody, expectExists, expectSuccess } from '../transport.js';
import type { SignalRApi } from './api.js';

export const CURRENT_API_VERSION = '2024-12-01';

/** What a current-API call needs: the raw client, the hub and the application, both lowercased. */
export interface CurrentHub {
  readonly client: Client;
  /** The hub without the application prefix. */
  readonly hub: string;
  /** The `application` query parameter, if the client has an application name. */
  readonly application: string | undefined;
  /** `{application}_{hub}`, for the operations that take no `application` parameter. */
  readonly prefixedHub: string;
}

/** The query of a hub operation: application (if any), api-version, then the operation's own. */
export function hubQuery<Q extends object>(ctx: CurrentHub, extra?: Q) {
  return { application: ctx.application, 'api-version': CURRENT_API_VERSION, ...extra } as {
    application?: string;
    'api-version': string;
  } & Q;
}

/** The request options shared by every hub operation of the current API. */
export function hubCall<P extends object, Q extends object>(
  ctx: CurrentHub,
  path: P,
  signal?: AbortSignal,
  query?: Q,
) {
  return {
    client: ctx.client,
    path: { hub: ctx.hub, ...path },
    query: hubQuery(ctx, query),
    signal,
  };
}

/** The PayloadMessage JSON in this version's casing (target, arguments). */
export function currentPayload(target: string, args: readonly unknown[]): string {
  const message: PayloadMessage = { target, arguments: [...args] };
  return JSON.stringify(message);
}

export function currentApi(ctx: CurrentHub): SignalRApi {
  const version = { 'api-version': CURRENT_API_VERSION };
  return {
    version: CURRENT_API_VERSION,
    strictGroups: true,
    payload: currentPayload,
    async broadcast(body, excluded, signal) {
      expectSuccess(
        await signalRBroadcast({
          ...hubCall(ctx, {}, signal, { excluded }),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    async sendToUser(user, body, signal) {
      expectSuccess(
        await signalRSendToUser({
          ...hubCall(ctx, { user }, signal),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    async sendToConnection(connectionId, body, signal) {
      expectSuccess(
        await signalRSendToConnection({
          ...hubCall(ctx, { connectionId }, signal),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    async sendToGroup(group, body, excluded, signal) {
      expectSuccess(
        await signalRSendToGroup({
          ...hubCall(ctx, { group }, signal, { excluded }),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    connectionExists: async (connectionId, signal) =>
      expectExists(await signalRCheckConnectionExistence(hubCall(ctx, { connectionId }, signal))),
    groupExists: async (group, signal) =>
      expectExists(await signalRCheckGroupExistence(hubCall(ctx, { group }, signal))),
    userExists: async (user, signal) =>
      expectExists(await signalRCheckUserExistence(hubCall(ctx, { user }, signal))),
    userInGroup: async (user, group, signal) =>
      expectExists(await signalRCheckUserExistenceInGroup(hubCall(ctx, { group, user }, signal))),
    async closeConnection(connectionId, reason, signal) {
      expectSuccess(
        await signalRCloseConnection(hubCall(ctx, { connectionId }, signal, { reason })),
      );
    },
    async addConnectionToGroup(connectionId, group, signal) {
      expectSuccess(
        await signalRAddConnectionToGroup(hubCall(ctx, { group, connectionId }, signal)),
      );
    },
    async removeConnectionFromGroup(connectionId, group, signal) {
      expectSuccess(
        await signalRRemoveConnectionFromGroup(hubCall(ctx, { group, connectionId }, signal)),
      );
    },
    async addUserToGroup(user, group, ttl, signal) {
      expectSuccess(await signalRAddUserToGroup(hubCall(ctx, { group, user }, signal, { ttl })));
    },
    async removeUserFromGroup(user, group, signal) {
      expectSuccess(await signalRRemoveUserFromGroup(hubCall(ctx, { group, user }, signal)));
    },
    async removeUserFromAllGroups(user, signal) {
      expectSuccess(await signalRRemoveUserFromAllGroups(hubCall(ctx, { user }, signal)));
    },
    isHealthy: async (signal) =>
      (await signalRGetHealthStatus({ client: ctx.client, query: version, signal })).response
        ?.ok === true,
    accessKey: (signal) =>
      signalRGetAccessKey({ client: ctx.client, query: version, parseAs: 'json', signal }),
  };
}
