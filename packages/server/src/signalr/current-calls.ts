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
import type { OperationOptions } from '../operation-options.js';
import { callOptions, directBody, expectExists, expectSuccess } from '../transport.js';
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
  options?: OperationOptions,
  query?: Q,
) {
  return {
    client: ctx.client,
    path: { hub: ctx.hub, ...path },
    query: hubQuery(ctx, query),
    ...callOptions(options),
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
    async broadcast(body, excluded, options) {
      expectSuccess(
        await signalRBroadcast({
          ...hubCall(ctx, {}, options, { excluded }),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    async sendToUser(user, body, options) {
      expectSuccess(
        await signalRSendToUser({
          ...hubCall(ctx, { user }, options),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    async sendToConnection(connectionId, body, options) {
      expectSuccess(
        await signalRSendToConnection({
          ...hubCall(ctx, { connectionId }, options),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    async sendToGroup(group, body, excluded, options) {
      expectSuccess(
        await signalRSendToGroup({
          ...hubCall(ctx, { group }, options, { excluded }),
          ...directBody(body, 'application/json'),
        }),
      );
    },
    connectionExists: async (connectionId, options) =>
      expectExists(await signalRCheckConnectionExistence(hubCall(ctx, { connectionId }, options))),
    groupExists: async (group, options) =>
      expectExists(await signalRCheckGroupExistence(hubCall(ctx, { group }, options))),
    userExists: async (user, options) =>
      expectExists(await signalRCheckUserExistence(hubCall(ctx, { user }, options))),
    userInGroup: async (user, group, options) =>
      expectExists(await signalRCheckUserExistenceInGroup(hubCall(ctx, { group, user }, options))),
    async closeConnection(connectionId, reason, options) {
      expectSuccess(
        await signalRCloseConnection(hubCall(ctx, { connectionId }, options, { reason })),
      );
    },
    async addConnectionToGroup(connectionId, group, options) {
      expectSuccess(
        await signalRAddConnectionToGroup(hubCall(ctx, { group, connectionId }, options)),
      );
    },
    async removeConnectionFromGroup(connectionId, group, options) {
      expectSuccess(
        await signalRRemoveConnectionFromGroup(hubCall(ctx, { group, connectionId }, options)),
      );
    },
    async addUserToGroup(user, group, ttl, options) {
      expectSuccess(await signalRAddUserToGroup(hubCall(ctx, { group, user }, options, { ttl })));
    },
    async removeUserFromGroup(user, group, options) {
      expectSuccess(await signalRRemoveUserFromGroup(hubCall(ctx, { group, user }, options)));
    },
    async removeUserFromAllGroups(user, options) {
      expectSuccess(await signalRRemoveUserFromAllGroups(hubCall(ctx, { user }, options)));
    },
    isHealthy: async (options) =>
      (
        await signalRGetHealthStatus({
          client: ctx.client,
          query: version,
          ...callOptions(options),
        })
      ).response?.ok === true,
    accessKey: (options) =>
      signalRGetAccessKey({
        client: ctx.client,
        query: version,
        parseAs: 'json',
        ...callOptions(options),
      }),
  };
}
