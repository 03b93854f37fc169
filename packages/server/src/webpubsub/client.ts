// WebPubSubServiceClient: a drop-in for @azure/web-pubsub 1.2.0 (same class name, constructor forms,
// method and option names, return shapes) on top of the generated @hubcast/webpubsub-rest client.
// The methods stay on the class for the drop-in; their checks and raw calls live in the modules next to it.
import {
  createClient,
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
import { createAuthorizer } from '../auth/authorizer.js';
import {
  type AzureKeyCredential,
  isTokenCredential,
  type KeyCredential,
  type TokenCredential,
} from '../auth/credentials.js';
import { KeyHolder } from '../auth/sign.js';
import type { FanOutOptions, FanOutResult } from '../fan-out.js';
import { resolveClientArgs } from '../setup.js';
import {
  callOptions,
  createTransport,
  expectExists,
  expectSuccess,
  ownLink,
  proxyEndpoint,
} from '../transport.js';
import { optionalString, requireArray, requireGroup, requireId } from '../validation.js';
import { clientAccessToken } from './access-token.js';
import type {
  CloseConnectionOptions,
  CloseConnectionsOptions,
  Message,
  Permission,
  PermissionOptions,
  WebPubSubServiceClientOptions,
} from './client-options.js';
import type { ClientTokenResponse, GenerateClientTokenOptions } from './client-token.js';
import type { HubContext, OperationOptions } from './context.js';
import { WebPubSubGroup } from './group.js';
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
  type SendToAllOptions,
  type SendToConnectionOptions,
  type SendToUserOptions,
} from './send-options.js';

export const DEFAULT_WEBPUBSUB_API_VERSION = '2024-12-01';
const SCOPE = 'https://webpubsub.azure.com/.default';

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

  constructor(connectionString: string, hubName: string, options?: WebPubSubServiceClientOptions);
  constructor(
    endpoint: string,
    credential: AzureKeyCredential | KeyCredential | TokenCredential,
    hubName: string,
    options?: WebPubSubServiceClientOptions,
  );
  constructor(...args: unknown[]) {
    const resolved = resolveClientArgs<WebPubSubServiceClientOptions>(args);
    const { options, baseUrl, credential } = resolved;
    this.hubName = resolved.hub;
    this.endpoint = resolved.endpoint;
    this.#baseUrl = baseUrl;
    this.apiVersion =
      options.apiVersion === undefined
        ? DEFAULT_WEBPUBSUB_API_VERSION
        : requireId(options.apiVersion, 'options.apiVersion');
    this.#keys = isTokenCredential(credential) ? undefined : new KeyHolder(credential);
    const sendTo = proxyEndpoint(options);
    // The raw client, built on first use (see createTransport).
    const raw = createTransport(
      createClient,
      {
        baseUrl,
        // Web PubSub signs the whole URL, query string included.
        audienceOf: (url) => url,
        authorize: createAuthorizer(credential, SCOPE, this.#keys),
        sendTo,
      },
      options,
    );
    const context: HubContext = {
      get client() {
        return raw();
      },
      hub: this.hubName,
      apiVersion: this.apiVersion,
      endpoint: this.endpoint,
      resolveLink: (link) => ownLink(link, baseUrl, sendTo),
      sendToGroup: (group, payload, query, options) =>
        sendPayloadToGroup(context, group, payload, query, options),
    };
    this.#context = context;
  }

  /** Operations on one group. */
  group(groupName: string): WebPubSubGroup {
    return new WebPubSubGroup(this.#context, requireGroup(groupName, 'groupName'));
  }

  /** Broadcasts to every connection of the hub. */
  async sendToAll(message: Message, options: SendToAllOptions = {}): Promise<void> {
    const payload = payloadFor(message, options.contentType);
    await sendPayloadToAll(this.#context, payload, checkSendQuery(options), options);
  }

  /** Sends to every connection of a user. */
  async sendToUser(
    userId: string,
    message: Message,
    options: SendToUserOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    const payload = payloadFor(message, options.contentType);
    await sendPayloadToUser(this.#context, userId, payload, checkSendQuery(options), options);
  }

  /** Sends to one connection. */
  async sendToConnection(
    connectionId: string,
    message: Message,
    options: SendToConnectionOptions = {},
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
  sendToUsers(
    userIds: string[],
    message: Message,
    options: SendToUserOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(userIds, 'userIds', requireId);
    return fanOutSend(this.#context, userIds, message, options, sendPayloadToUser);
  }

  /** Sends one message to many groups; one settled result per group. */
  sendToGroups(
    groups: string[],
    message: Message,
    options: SendToAllOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(groups, 'groups', requireGroup);
    return fanOutSend(this.#context, groups, message, options, sendPayloadToGroup);
  }

  /** Sends one message to many connections; one settled result per connection. */
  sendToConnections(
    connectionIds: string[],
    message: Message,
    options: SendToConnectionOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(connectionIds, 'connectionIds', requireId);
    return fanOutSend(this.#context, connectionIds, message, options, sendPayloadToConnection);
  }

  /** Whether the connection is connected to this hub. */
  async connectionExists(connectionId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(connectionId, 'connectionId');
    return expectExists(
      await webPubSubConnectionExists(hubRequest(this.#context, { connectionId }, {}, options)),
    );
  }

  /** Whether the group has any connection. */
  async groupExists(groupName: string, options: OperationOptions = {}): Promise<boolean> {
    const group = requireGroup(groupName, 'groupName');
    return expectExists(
      await webPubSubGroupExists(hubRequest(this.#context, { group }, {}, options)),
    );
  }

  /** Whether the user has any connection. */
  async userExists(userId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return expectExists(
      await webPubSubUserExists(hubRequest(this.#context, { userId }, {}, options)),
    );
  }

  /** Closes one connection. */
  async closeConnection(connectionId: string, options: CloseConnectionOptions = {}): Promise<void> {
    requireId(connectionId, 'connectionId');
    const reason = optionalString(options.reason, 'options.reason');
    expectSuccess(
      await webPubSubCloseConnection(
        hubRequest(this.#context, { connectionId }, { reason }, options),
      ),
    );
  }

  /** Closes every connection of the hub, except `excluded`. */
  async closeAllConnections(options: CloseConnectionsOptions = {}): Promise<void> {
    expectSuccess(
      await webPubSubCloseAllConnections(
        hubRequest(this.#context, {}, closeQuery(options), options),
      ),
    );
  }

  /** Closes every connection of a user, except `excluded`. */
  async closeUserConnections(userId: string, options: CloseConnectionsOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    expectSuccess(
      await webPubSubCloseUserConnections(
        hubRequest(this.#context, { userId }, closeQuery(options), options),
      ),
    );
  }

  /** Removes a user from every group. */
  async removeUserFromAllGroups(userId: string, options: OperationOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    expectSuccess(
      await webPubSubRemoveUserFromAllGroups(hubRequest(this.#context, { userId }, {}, options)),
    );
  }

  /** Removes a connection from every group. */
  async removeConnectionFromAllGroups(
    connectionId: string,
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    expectSuccess(
      await webPubSubRemoveConnectionFromAllGroups(
        hubRequest(this.#context, { connectionId }, {}, options),
      ),
    );
  }

  /** Adds the connections matching an OData `filter` to `groups`. */
  addConnectionsToGroups(
    groups: string[],
    filter: string,
    options: OperationOptions = {},
  ): Promise<void> {
    return changeGroupsByFilter(
      this.#context,
      webPubSubAddConnectionsToGroups,
      groups,
      filter,
      options,
    );
  }

  /** Removes the connections matching an OData `filter` from `groups`. */
  removeConnectionsFromGroups(
    groups: string[],
    filter: string,
    options: OperationOptions = {},
  ): Promise<void> {
    return changeGroupsByFilter(
      this.#context,
      webPubSubRemoveConnectionsFromGroups,
      groups,
      filter,
      options,
    );
  }

  /** Grants a connection a permission (for one group with `targetName`). */
  async grantPermission(
    connectionId: string,
    permission: Permission,
    options: PermissionOptions = {},
  ): Promise<void> {
    expectSuccess(
      await webPubSubGrantPermission(
        permissionRequest(this.#context, connectionId, permission, options),
      ),
    );
  }

  /** Revokes a permission from a connection. */
  async revokePermission(
    connectionId: string,
    permission: Permission,
    options: PermissionOptions = {},
  ): Promise<void> {
    expectSuccess(
      await webPubSubRevokePermission(
        permissionRequest(this.#context, connectionId, permission, options),
      ),
    );
  }

  /** Whether a connection has a permission. */
  async hasPermission(
    connectionId: string,
    permission: Permission,
    options: PermissionOptions = {},
  ): Promise<boolean> {
    return expectExists(
      await webPubSubCheckPermission(
        permissionRequest(this.#context, connectionId, permission, options),
      ),
    );
  }

  /**
   * A token and URL for a client to connect. Signed locally with a key credential; minted by the
   * service (`:generateToken`) with an Entra ID credential.
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
