// The v1 REST calls (`/api/v1/hubs/{app_hub}/...`, specs/signalr-v1.yaml) behind SignalRServiceClient.
// The hub carries the application prefix; bodies use the v1 PayloadMessage casing (Target, Arguments).
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
} from '@hubcast/signalr-rest';
import type { OperationOptions } from '../operation-options.js';
import { callOptions, directBody, expectExists, expectSuccess } from '../transport.js';
import type { SignalRApi } from './api.js';

/** What a call needs: the raw client and the hub, prefixed and lowercased as the service uses it. */
export interface SignalRHub {
  readonly client: Client;
  readonly hub: string;
}

/** Already the serialized PayloadMessage: it goes to fetch as is, never through hey-api's serializer. */
function jsonBody(body: string) {
  return directBody(body, 'application/json');
}

export function v1Api(ctx: SignalRHub): SignalRApi {
  const call = (options?: OperationOptions) => ({ client: ctx.client, ...callOptions(options) });
  const hub = () => ctx.hub;
  return {
    version: 'v1',
    strictGroups: false,
    payload: (target, args) => {
      const message: PayloadMessage = { Target: target, Arguments: [...args] };
      return JSON.stringify(message);
    },
    async broadcast(body, excluded, options) {
      expectSuccess(
        await signalRBroadcast({
          ...call(options),
          path: { hub: hub() },
          query: { excluded },
          ...jsonBody(body),
        }),
      );
    },
    async sendToUser(user, body, options) {
      expectSuccess(
        await signalRSendToUser({
          ...call(options),
          path: { hub: hub(), user },
          ...jsonBody(body),
        }),
      );
    },
    async sendToConnection(connectionId, body, options) {
      expectSuccess(
        await signalRSendToConnection({
          ...call(options),
          path: { hub: hub(), connectionId },
          ...jsonBody(body),
        }),
      );
    },
    async sendToGroup(group, body, excluded, options) {
      expectSuccess(
        await signalRSendToGroup({
          ...call(options),
          path: { hub: hub(), group },
          query: { excluded },
          ...jsonBody(body),
        }),
      );
    },
    connectionExists: async (connectionId, options) =>
      expectExists(
        await signalRCheckConnectionExistence({
          ...call(options),
          path: { hub: hub(), connectionId },
        }),
      ),
    groupExists: async (group, options) =>
      expectExists(
        await signalRCheckGroupExistence({ ...call(options), path: { hub: hub(), group } }),
      ),
    userExists: async (user, options) =>
      expectExists(
        await signalRCheckUserExistence({ ...call(options), path: { hub: hub(), user } }),
      ),
    userInGroup: async (user, group, options) =>
      expectExists(
        await signalRCheckUserExistenceInGroup({
          ...call(options),
          path: { hub: hub(), group, user },
        }),
      ),
    async closeConnection(connectionId, reason, options) {
      expectSuccess(
        await signalRCloseConnection({
          ...call(options),
          path: { hub: hub(), connectionId },
          query: { reason },
        }),
      );
    },
    async addConnectionToGroup(connectionId, group, options) {
      expectSuccess(
        await signalRAddConnectionToGroup({
          ...call(options),
          path: { hub: hub(), group, connectionId },
        }),
      );
    },
    async removeConnectionFromGroup(connectionId, group, options) {
      expectSuccess(
        await signalRRemoveConnectionFromGroup({
          ...call(options),
          path: { hub: hub(), group, connectionId },
        }),
      );
    },
    async addUserToGroup(user, group, ttl, options) {
      expectSuccess(
        await signalRAddUserToGroup({
          ...call(options),
          path: { hub: hub(), group, user },
          query: { ttl },
        }),
      );
    },
    async removeUserFromGroup(user, group, options) {
      expectSuccess(
        await signalRRemoveUserFromGroup({ ...call(options), path: { hub: hub(), group, user } }),
      );
    },
    async removeUserFromAllGroups(user, options) {
      expectSuccess(
        await signalRRemoveUserFromAllGroups({ ...call(options), path: { hub: hub(), user } }),
      );
    },
    isHealthy: async (options) =>
      (await signalRGetHealthStatus(call(options))).response?.ok === true,
    accessKey: (options) => signalRGetAccessKey({ ...call(options), parseAs: 'json' }),
  };
}
