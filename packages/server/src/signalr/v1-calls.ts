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
import { directBody, expectExists, expectSuccess } from '../transport.js';
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
  const call = (signal?: AbortSignal) => ({ client: ctx.client, signal });
  const hub = () => ctx.hub;
  return {
    version: 'v1',
    strictGroups: false,
    payload: (target, args) => {
      const message: PayloadMessage = { Target: target, Arguments: [...args] };
      return JSON.stringify(message);
    },
    async broadcast(body, excluded, signal) {
      expectSuccess(
        await signalRBroadcast({
          ...call(signal),
          path: { hub: hub() },
          query: { excluded },
          ...jsonBody(body),
        }),
      );
    },
    async sendToUser(user, body, signal) {
      expectSuccess(
        await signalRSendToUser({ ...call(signal), path: { hub: hub(), user }, ...jsonBody(body) }),
      );
    },
    async sendToConnection(connectionId, body, signal) {
      expectSuccess(
        await signalRSendToConnection({
          ...call(signal),
          path: { hub: hub(), connectionId },
          ...jsonBody(body),
        }),
      );
    },
    async sendToGroup(group, body, excluded, signal) {
      expectSuccess(
        await signalRSendToGroup({
          ...call(signal),
          path: { hub: hub(), group },
          query: { excluded },
          ...jsonBody(body),
        }),
      );
    },
    connectionExists: async (connectionId, signal) =>
      expectExists(
        await signalRCheckConnectionExistence({
          ...call(signal),
          path: { hub: hub(), connectionId },
        }),
      ),
    groupExists: async (group, signal) =>
      expectExists(
        await signalRCheckGroupExistence({ ...call(signal), path: { hub: hub(), group } }),
      ),
    userExists: async (user, signal) =>
      expectExists(
        await signalRCheckUserExistence({ ...call(signal), path: { hub: hub(), user } }),
      ),
    userInGroup: async (user, group, signal) =>
      expectExists(
        await signalRCheckUserExistenceInGroup({
          ...call(signal),
          path: { hub: hub(), group, user },
        }),
      ),
    async closeConnection(connectionId, reason, signal) {
      expectSuccess(
        await signalRCloseConnection({
          ...call(signal),
          path: { hub: hub(), connectionId },
          query: { reason },
        }),
      );
    },
    async addConnectionToGroup(connectionId, group, signal) {
      expectSuccess(
        await signalRAddConnectionToGroup({
          ...call(signal),
          path: { hub: hub(), group, connectionId },
        }),
      );
    },
    async removeConnectionFromGroup(connectionId, group, signal) {
      expectSuccess(
        await signalRRemoveConnectionFromGroup({
          ...call(signal),
          path: { hub: hub(), group, connectionId },
        }),
      );
    },
    async addUserToGroup(user, group, ttl, signal) {
      expectSuccess(
        await signalRAddUserToGroup({
          ...call(signal),
          path: { hub: hub(), group, user },
          query: { ttl },
        }),
      );
    },
    async removeUserFromGroup(user, group, signal) {
      expectSuccess(
        await signalRRemoveUserFromGroup({ ...call(signal), path: { hub: hub(), group, user } }),
      );
    },
    async removeUserFromAllGroups(user, signal) {
      expectSuccess(
        await signalRRemoveUserFromAllGroups({ ...call(signal), path: { hub: hub(), user } }),
      );
    },
    isHealthy: async (signal) => (await signalRGetHealthStatus(call(signal))).response?.ok === true,
    accessKey: (signal) => signalRGetAccessKey({ ...call(signal), parseAs: 'json' }),
  };
}
