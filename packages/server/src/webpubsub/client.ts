// WebPubSubServiceClient: a drop-in for @azure/web-pubsub 1.2.0 (same class name, constructor forms,
// method and option names and types, return shapes) on top of the generated @hubcast/webpubsub-rest
// client. The methods stay on the class for the drop-in; their checks and raw calls live in the modules
// next to it, the constructor's work in client-setup.ts.
import {
  healthApiGetServiceStatus,
  webPubSubAddConnectionsToGroups,
  webPubSubCheckPermission,
  webPubSubCloseAllConnections,
  webPubSubCloseConnection,
  webPubSubCloseUserConnections,
  webPubSubConnectionExists,
  webPubSubGrantPermission,
  webPubSubGroupExists,
  webPubSubRemoveConnectionFromAllGroups,
  webPubSubRemoveConnectionsFromGroups,
  webPubSubRemoveUserFromAllGroups,
  webPubSubRevokePermission,
  webPubSubUserExists,
} from '@hubcast/webpubsub-rest';
import type { KeyCredential, TokenCredential } from '../auth/credentials.js';
import type { AzureKeyCredential } from '../auth/key-credential.js';
import type { KeyHolder } from '../auth/sign.js';
import type { FanOutOptions, FanOutResult } from '../fan-out.js';
import type { OperationOptions } from '../operation-options.js';
import { callOptions, expectExists, expectSuccess } from '../transport.js';
import { optionalString, requireArray, requireGroup, requireId } from '../validation.js';
import { clientAccessToken } from './access-token.js';
import type {
  CheckedMessage,
  HasConnectionOptions,
  HubCloseAllConnectionsOptions,
  HubCloseConnectionOptions,
  HubCloseUserConnectionsOptions,
  HubGrantPermissionOptions,
  HubHasGroupOptions,
  HubHasPermissionOptions,
  HubHasUserOptions,
  HubRemoveUserFromAllGroupsOptions,
  HubRevokePermissionOptions,
  Message,
  Permission,
  WebPubSubServiceClientOptions,
} from './client-options.js';
import { wireHub } from './client-setup.js';
import type { ClientTokenResponse, GenerateClientTokenOptions } from './client-token.js';
import type { HubContext } from './context.js';
import { type GroupAddConnectionOptions, WebPubSubGroup } from './group.js';
import { changeGroupsByFilter, closeQuery, permissionRequest } from './hub-operations.js';
import { hubRequest } from './hub-request.js';
import {
  fanOutSend,
  sendPayloadToAll,
  sendPayloadToConnection,
  sendPayloadToGroup,
  sendPayloadToUser,
} from './hub-sends.js';
import { payloadFor } from './message.js';
import {
  checkSendQuery,
  type HubSendTextToAllOptions,
  type HubSendTextToConnectionOptions,
  type HubSendTextToUserOptions,
  type HubSendToAllOptions,
  type HubSendToConnectionOptions,
  type HubSendToUserOptions,
} from './send-options.js';

export { DEFAULT_WEBPUBSUB_API_VERSION } from './client-setup.js';

/**
 * Server client of one Azure Web PubSub hub, a drop-in for `WebPubSubServiceClient` of
 * `@azure/web-pubsub` 1.2.0: sends messages, manages groups, connections and permissions, and
 * issues client access tokens.
 */
export class WebPubSubServiceClient {
  /** The hub this client talks to. */
  readonly hubName: string;
  /** The REST api-version sent with every request. */
  readonly apiVersion: string;
  /** The endpoint as given (or as parsed from the connection string). */
  readonly endpoint: string;
  readonly #baseUrl: string;
  readonly #keys: KeyHolder | undefined;
  /** The raw client (built on first use) and the hub's path and api-version, shared with groups. */
  readonly #context: HubContext;

  /**
   * A client of hub `hubName`, from a connection string (`Endpoint=…;AccessKey=…;Version=1.0;`) or
   * from an endpoint and a credential (an access key, or an Entra ID `TokenCredential`). Every
   * argument and option is checked here; a wrong one throws a TypeError or RangeError naming it.
   *
   * @example
   * ```ts
   * const service = new WebPubSubServiceClient(process.env.WEBPUBSUB_CONNECTION_STRING!, 'chat');
   * const viaEntra = new WebPubSubServiceClient(
   *   'https://<name>.webpubsub.azure.com',
   *   new DefaultAzureCredential(),
   *   'chat',
   *   { retryOptions: { maxRetries: 5 }, userAgentOptions: { userAgentPrefix: 'myapp/1.0' } },
   * );
   * ```
   */
  constructor(
    ...args:
      | [
          endpoint: string,
          credential: AzureKeyCredential | KeyCredential | TokenCredential,
          hubName: string,
          options?: WebPubSubServiceClientOptions,
        ]
      | [connectionString: string, hubName: string, options?: WebPubSubServiceClientOptions]
  ) {
    const wired = wireHub(args);
    this.hubName = wired.hubName;
    this.apiVersion = wired.apiVersion;
    this.endpoint = wired.endpoint;
    this.#baseUrl = wired.baseUrl;
    this.#keys = wired.keys;
    this.#context = wired.context;
  }

  /** Operations on one group. */
  group(groupName: string): WebPubSubGroup {
    return new WebPubSubGroup(this.#context, requireGroup(groupName, 'groupName'));
  }

  /**
   * Broadcasts to every connection of the hub: JSON, text (`contentType: "text/plain"`) or bytes.
   * A value JSON cannot carry (null, a Map, a stream) or a body over 1 MB fails before any request.
   *
   * @example
   * ```ts
   * await service.sendToAll({ user: 'alice', text: 'hi' });
   * await service.sendToAll('hi', { contentType: 'text/plain' });
   * await service.sendToAll({ text: 'hi' }, { filter: odata`userId ne ${'bob'}`, messageTtlSeconds: 60 });
   * ```
   */
  async sendToAll<M extends Message>(
    message: CheckedMessage<M>,
    options: HubSendToAllOptions | HubSendTextToAllOptions = {},
  ): Promise<void> {
    const payload = payloadFor(message, options.contentType);
    await sendPayloadToAll(this.#context, payload, checkSendQuery(options), options);
  }

  /**
   * Sends to every connection of a user.
   *
   * @example
   * ```ts
   * await service.sendToUser('alice', { unread: 3 });
   * ```
   */
  async sendToUser<M extends Message>(
    userId: string,
    message: CheckedMessage<M>,
    options: HubSendToUserOptions | HubSendTextToUserOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    const payload = payloadFor(message, options.contentType);
    await sendPayloadToUser(this.#context, userId, payload, checkSendQuery(options), options);
  }

  /** Sends to one connection. */
  async sendToConnection<M extends Message>(
    connectionId: string,
    message: CheckedMessage<M>,
    options: HubSendToConnectionOptions | HubSendTextToConnectionOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const payload = payloadFor(message, options.contentType);
    await sendPayloadToConnection(
      this.#context,
      connectionId,
      payload,
      checkSendQuery(options),
      options,
    );
  }

  /** Sends one message to many users; one settled result per user. The message is serialized once. */
  sendToUsers<M extends Message>(
    userIds: string[],
    message: CheckedMessage<M>,
    options: HubSendToUserOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(userIds, 'userIds', requireId);
    return fanOutSend(this.#context, userIds, message, options, sendPayloadToUser);
  }

  /** Sends one message to many groups; one settled result per group. */
  sendToGroups<M extends Message>(
    groups: string[],
    message: CheckedMessage<M>,
    options: HubSendToAllOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(groups, 'groups', requireGroup);
    return fanOutSend(this.#context, groups, message, options, sendPayloadToGroup);
  }

  /** Sends one message to many connections; one settled result per connection. */
  sendToConnections<M extends Message>(
    connectionIds: string[],
    message: CheckedMessage<M>,
    options: HubSendToConnectionOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(connectionIds, 'connectionIds', requireId);
    return fanOutSend(this.#context, connectionIds, message, options, sendPayloadToConnection);
  }

  /** Whether the connection is connected to this hub. */
  async connectionExists(
    connectionId: string,
    options: HasConnectionOptions = {},
  ): Promise<boolean> {
    requireId(connectionId, 'connectionId');
    return expectExists(
      await webPubSubConnectionExists(hubRequest(this.#context, { connectionId }, {}, options)),
    );
  }

  /** Whether the group has any connection. */
  async groupExists(groupName: string, options: HubHasGroupOptions = {}): Promise<boolean> {
    const group = requireGroup(groupName, 'groupName');
    return expectExists(
      await webPubSubGroupExists(hubRequest(this.#context, { group }, {}, options)),
    );
  }

  /** Whether the user has any connection. */
  async userExists(userId: string, options: HubHasUserOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return expectExists(
      await webPubSubUserExists(hubRequest(this.#context, { userId }, {}, options)),
    );
  }

  /** Closes one connection. */
  async closeConnection(
    connectionId: string,
    options: HubCloseConnectionOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const reason = optionalString(options.reason, 'options.reason');
    expectSuccess(
      await webPubSubCloseConnection(
        hubRequest(this.#context, { connectionId }, { reason }, options),
      ),
    );
  }

  /** Closes every connection of the hub, except `excluded`. */
  async closeAllConnections(options: HubCloseAllConnectionsOptions = {}): Promise<void> {
    expectSuccess(
      await webPubSubCloseAllConnections(
        hubRequest(this.#context, {}, closeQuery(options), options),
      ),
    );
  }

  /** Closes every connection of a user, except `excluded`. */
  async closeUserConnections(
    userId: string,
    options: HubCloseUserConnectionsOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    const request = hubRequest(this.#context, { userId }, closeQuery(options), options);
    expectSuccess(await webPubSubCloseUserConnections(request));
  }

  /** Removes a user from every group. */
  async removeUserFromAllGroups(
    userId: string,
    options: HubRemoveUserFromAllGroupsOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    const request = hubRequest(this.#context, { userId }, {}, options);
    expectSuccess(await webPubSubRemoveUserFromAllGroups(request));
  }

  /** Removes a connection from every group. */
  async removeConnectionFromAllGroups(
    connectionId: string,
    options: HubRemoveUserFromAllGroupsOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const request = hubRequest(this.#context, { connectionId }, {}, options);
    expectSuccess(await webPubSubRemoveConnectionFromAllGroups(request));
  }

  /** Adds the connections matching an OData `filter` to `groups` (at least one). */
  addConnectionsToGroups(
    groups: string[],
    filter: string,
    options: GroupAddConnectionOptions = {},
  ): Promise<void> {
    const call = webPubSubAddConnectionsToGroups;
    return changeGroupsByFilter(this.#context, call, groups, filter, options);
  }

  /** Removes the connections matching an OData `filter` from `groups` (at least one). */
  removeConnectionsFromGroups(
    groups: string[],
    filter: string,
    options: GroupAddConnectionOptions = {},
  ): Promise<void> {
    const call = webPubSubRemoveConnectionsFromGroups;
    return changeGroupsByFilter(this.#context, call, groups, filter, options);
  }

  /** Grants a connection a permission (for one group with `targetName`). */
  async grantPermission(
    connectionId: string,
    permission: Permission,
    options: HubGrantPermissionOptions = {},
  ): Promise<void> {
    const request = permissionRequest(this.#context, connectionId, permission, options);
    expectSuccess(await webPubSubGrantPermission(request));
  }

  /** Revokes a permission from a connection. */
  async revokePermission(
    connectionId: string,
    permission: Permission,
    options: HubRevokePermissionOptions = {},
  ): Promise<void> {
    const request = permissionRequest(this.#context, connectionId, permission, options);
    expectSuccess(await webPubSubRevokePermission(request));
  }

  /** Whether a connection has a permission. */
  async hasPermission(
    connectionId: string,
    permission: Permission,
    options: HubHasPermissionOptions = {},
  ): Promise<boolean> {
    const request = permissionRequest(this.#context, connectionId, permission, options);
    return expectExists(await webPubSubCheckPermission(request));
  }

  /**
   * A token and URL for a client to connect. Signed locally with a key credential; minted by the
   * service (`:generateToken`) with an Entra ID credential.
   *
   * @example
   * ```ts
   * // In the app's endpoint that a browser calls before it connects:
   * const { url } = await service.getClientAccessToken({
   *   userId: 'alice',
   *   roles: ['webpubsub.joinLeaveGroup.room', 'webpubsub.sendToGroup.room'],
   *   groups: ['room'],
   * });
   * // new WebPubSubClient(url) in the browser (@azure/web-pubsub-client), or new WebSocket(url)
   * ```
   */
  async getClientAccessToken(
    options: GenerateClientTokenOptions = {},
  ): Promise<ClientTokenResponse> {
    return clientAccessToken(this.#context, this.#baseUrl, this.#keys, options);
  }

  /** Whether the service answers its health probe; false when it is unhealthy or unreachable. */
  async isServiceHealthy(options: OperationOptions = {}): Promise<boolean> {
    const result = await healthApiGetServiceStatus({
      client: this.#context.client,
      query: { 'api-version': this.apiVersion },
      ...callOptions(options),
    });
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    return result.response?.ok === true;
  }
}
