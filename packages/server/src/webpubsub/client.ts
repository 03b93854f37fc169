// WebPubSubServiceClient: a drop-in for @azure/web-pubsub 1.2.0 (same class name, constructor forms,
// method and option names, return shapes) on top of the generated @hubcast/webpubsub-rest client.
import {
  type Client,
  createClient,
  healthApiGetServiceStatus,
  type WebPubSubClientType,
  webPubSubAddConnectionsToGroups,
  webPubSubCheckPermission,
  webPubSubCloseAllConnections,
  webPubSubCloseConnection,
  webPubSubCloseUserConnections,
  webPubSubConnectionExists,
  webPubSubGenerateClientToken,
  webPubSubGrantPermission,
  webPubSubGroupExists,
  webPubSubRemoveConnectionFromAllGroups,
  webPubSubRemoveConnectionsFromGroups,
  webPubSubRemoveUserFromAllGroups,
  webPubSubRevokePermission,
  webPubSubSendToAll,
  webPubSubSendToConnection,
  webPubSubSendToGroup,
  webPubSubSendToUser,
  webPubSubUserExists,
} from '@hubcast/webpubsub-rest';
import { createAuthorizer } from '../auth/authorizer.js';
import {
  type AzureKeyCredential,
  type Credential,
  isTokenCredential,
  type KeyCredential,
  type TokenCredential,
} from '../auth/credentials.js';
import { KeyHolder } from '../auth/sign.js';
import { RestError } from '../errors.js';
import { checkConcurrency, type FanOutOptions, type FanOutResult, fanOut } from '../fan-out.js';
import { resolveClientArgs } from '../setup.js';
import {
  createTransport,
  directBody,
  expectExists,
  expectSuccess,
  proxyEndpoint,
  type TransportOptions,
} from '../transport.js';
import {
  optionalString,
  optionalStringArray,
  requireArray,
  requireGroup,
  requireId,
  requirePermission,
  requireString,
} from '../validation.js';
import {
  type ClientTokenResponse,
  checkTokenOptions,
  clientPath,
  type GenerateClientTokenOptions,
  signClientToken,
  tokenResponse,
  toWebSocketUrl,
} from './client-token.js';
import type { HubContext, OperationOptions, SendQuery } from './context.js';
import { WebPubSubGroup } from './group.js';
import { type JSONTypes, type Payload, payloadFor } from './message.js';
import {
  checkSendQuery,
  type SendToAllOptions,
  type SendToConnectionOptions,
  type SendToUserOptions,
} from './send-options.js';

/** A permission a connection can be granted on a group. */
export type Permission = 'joinLeaveGroup' | 'sendToGroup';
/** A message to send: binary values go as bytes, anything else as JSON (a string as text with `contentType: 'text/plain'`). */
export type Message = JSONTypes | ArrayBuffer | ArrayBufferView | Blob;

export interface WebPubSubServiceClientOptions extends TransportOptions {
  /** The REST api-version (default `2024-12-01`, as in @azure/web-pubsub 1.2.0). */
  apiVersion?: string;
}

export interface CloseConnectionOptions extends OperationOptions {
  /** The reason sent to the closed client. */
  reason?: string;
}

export interface CloseConnectionsOptions extends CloseConnectionOptions {
  /** Connection ids to keep open. */
  excluded?: string[];
}

export interface PermissionOptions extends OperationOptions {
  /** The group the permission is about; all groups when unset. */
  targetName?: string;
}

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
  /** The raw client, built on first use (see createTransport). */
  readonly #raw: () => Client;
  readonly #credential: Credential;
  readonly #keys: KeyHolder | undefined;
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
    const { options } = resolved;
    this.hubName = resolved.hub;
    this.endpoint = resolved.endpoint;
    this.#baseUrl = resolved.baseUrl;
    this.apiVersion =
      options.apiVersion === undefined
        ? DEFAULT_WEBPUBSUB_API_VERSION
        : requireId(options.apiVersion, 'options.apiVersion');
    this.#credential = resolved.credential;
    this.#keys = isTokenCredential(this.#credential) ? undefined : new KeyHolder(this.#credential);
    this.#raw = createTransport(
      createClient,
      {
        baseUrl: this.#baseUrl,
        // Web PubSub signs the whole URL, query string included.
        audienceOf: (url) => url,
        authorize: createAuthorizer(this.#credential, SCOPE, this.#keys),
        sendTo: proxyEndpoint(options),
      },
      options,
    );
    const baseUrl = this.#baseUrl;
    const raw = this.#raw;
    this.#context = {
      get client() {
        return raw();
      },
      hub: this.hubName,
      apiVersion: this.apiVersion,
      endpoint: this.endpoint,
      resolveLink: (link) => new URL(link, `${baseUrl}/`).toString(),
      sendToGroup: (group, payload, query, signal) =>
        this.#sendToGroup(group, payload, query, signal),
    };
  }

  get #client(): Client {
    return this.#raw();
  }

  /** The common parts of a raw call: this client, the hub path, the api-version and the signal. */
  #req<P extends object, Q extends object>(path: P, query: Q, signal?: AbortSignal) {
    return {
      client: this.#client,
      path: { hub: this.hubName, ...path },
      query: { 'api-version': this.apiVersion, ...query },
      signal,
    };
  }

  /** Operations on one group. */
  group(groupName: string): WebPubSubGroup {
    return new WebPubSubGroup(this.#context, requireGroup(groupName, 'groupName'));
  }

  /** Broadcasts to every connection of the hub. */
  async sendToAll(message: Message, options: SendToAllOptions = {}): Promise<void> {
    const payload = payloadFor(message, options.contentType);
    const { excluded, filter, messageTtlSeconds } = checkSendQuery(options);
    expectSuccess(
      await webPubSubSendToAll({
        ...this.#req({}, { excluded, filter, messageTtlSeconds }, options.abortSignal),
        ...bodyOf(payload),
      }),
    );
  }

  /** Sends to every connection of a user. */
  async sendToUser(
    userId: string,
    message: Message,
    options: SendToUserOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    const payload = payloadFor(message, options.contentType);
    await this.#sendToUser(userId, payload, checkSendQuery(options), options.abortSignal);
  }

  async #sendToUser(userId: string, payload: Payload, query: SendQuery, signal?: AbortSignal) {
    const { filter, messageTtlSeconds } = query;
    expectSuccess(
      await webPubSubSendToUser({
        ...this.#req({ userId }, { filter, messageTtlSeconds }, signal),
        ...bodyOf(payload),
      }),
    );
  }

  /** Sends to one connection. */
  async sendToConnection(
    connectionId: string,
    message: Message,
    options: SendToConnectionOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const payload = payloadFor(message, options.contentType);
    await this.#sendToConnection(
      connectionId,
      payload,
      checkSendQuery(options),
      options.abortSignal,
    );
  }

  async #sendToConnection(id: string, payload: Payload, query: SendQuery, signal?: AbortSignal) {
    const { messageTtlSeconds } = query;
    expectSuccess(
      await webPubSubSendToConnection({
        ...this.#req({ connectionId: id }, { messageTtlSeconds }, signal),
        ...bodyOf(payload),
      }),
    );
  }

  async #sendToGroup(group: string, payload: Payload, query: SendQuery, signal?: AbortSignal) {
    const { excluded, filter, messageTtlSeconds } = query;
    expectSuccess(
      await webPubSubSendToGroup({
        ...this.#req({ group }, { excluded, filter, messageTtlSeconds }, signal),
        ...bodyOf(payload),
      }),
    );
  }

  /** Sends one message to many users; one settled result per user. The message is serialized once. */
  sendToUsers(
    userIds: string[],
    message: Message,
    options: SendToUserOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(userIds, 'userIds', requireId);
    return this.#fanOut(userIds, message, options, (id, p, q, s) => this.#sendToUser(id, p, q, s));
  }

  /** Sends one message to many groups; one settled result per group. */
  sendToGroups(
    groups: string[],
    message: Message,
    options: SendToAllOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(groups, 'groups', requireGroup);
    return this.#fanOut(groups, message, options, (g, p, q, s) => this.#sendToGroup(g, p, q, s));
  }

  /** Sends one message to many connections; one settled result per connection. */
  sendToConnections(
    connectionIds: string[],
    message: Message,
    options: SendToConnectionOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(connectionIds, 'connectionIds', requireId);
    return this.#fanOut(connectionIds, message, options, (id, p, q, s) =>
      this.#sendToConnection(id, p, q, s),
    );
  }

  #fanOut(
    targets: string[],
    message: Message,
    options: SendToAllOptions & FanOutOptions,
    send: (
      target: string,
      payload: Payload,
      query: SendQuery,
      signal?: AbortSignal,
    ) => Promise<void>,
  ): Promise<FanOutResult[]> {
    const payload = payloadFor(message, options.contentType);
    const query = checkSendQuery(options);
    const concurrency = checkConcurrency(options.concurrency);
    return fanOut(targets, concurrency, (target) =>
      send(target, payload, query, options.abortSignal),
    );
  }

  /** Whether the connection is connected to this hub. */
  async connectionExists(connectionId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(connectionId, 'connectionId');
    return expectExists(
      await webPubSubConnectionExists(this.#req({ connectionId }, {}, options.abortSignal)),
    );
  }

  /** Whether the group has any connection. */
  async groupExists(groupName: string, options: OperationOptions = {}): Promise<boolean> {
    const group = requireGroup(groupName, 'groupName');
    return expectExists(await webPubSubGroupExists(this.#req({ group }, {}, options.abortSignal)));
  }

  /** Whether the user has any connection. */
  async userExists(userId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return expectExists(await webPubSubUserExists(this.#req({ userId }, {}, options.abortSignal)));
  }

  /** Closes one connection. */
  async closeConnection(connectionId: string, options: CloseConnectionOptions = {}): Promise<void> {
    requireId(connectionId, 'connectionId');
    const reason = optionalString(options.reason, 'options.reason');
    expectSuccess(
      await webPubSubCloseConnection(this.#req({ connectionId }, { reason }, options.abortSignal)),
    );
  }

  /** Closes every connection of the hub, except `excluded`. */
  async closeAllConnections(options: CloseConnectionsOptions = {}): Promise<void> {
    expectSuccess(
      await webPubSubCloseAllConnections(this.#req({}, closeQuery(options), options.abortSignal)),
    );
  }

  /** Closes every connection of a user, except `excluded`. */
  async closeUserConnections(userId: string, options: CloseConnectionsOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    expectSuccess(
      await webPubSubCloseUserConnections(
        this.#req({ userId }, closeQuery(options), options.abortSignal),
      ),
    );
  }

  /** Removes a user from every group. */
  async removeUserFromAllGroups(userId: string, options: OperationOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    expectSuccess(
      await webPubSubRemoveUserFromAllGroups(this.#req({ userId }, {}, options.abortSignal)),
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
        this.#req({ connectionId }, {}, options.abortSignal),
      ),
    );
  }

  /** Adds the connections matching an OData `filter` to `groups`. */
  addConnectionsToGroups(
    groups: string[],
    filter: string,
    options: OperationOptions = {},
  ): Promise<void> {
    return this.#filteredGroups(webPubSubAddConnectionsToGroups, groups, filter, options);
  }

  /** Removes the connections matching an OData `filter` from `groups`. */
  removeConnectionsFromGroups(
    groups: string[],
    filter: string,
    options: OperationOptions = {},
  ): Promise<void> {
    return this.#filteredGroups(webPubSubRemoveConnectionsFromGroups, groups, filter, options);
  }

  async #filteredGroups(
    call: typeof webPubSubAddConnectionsToGroups | typeof webPubSubRemoveConnectionsFromGroups,
    groups: string[],
    filter: string,
    options: OperationOptions,
  ): Promise<void> {
    requireArray(groups, 'groups', requireGroup);
    requireString(filter, 'filter');
    expectSuccess(
      await call({ ...this.#req({}, {}, options.abortSignal), body: { groups, filter } }),
    );
  }

  /** Grants a connection a permission (for one group with `targetName`). */
  async grantPermission(
    connectionId: string,
    permission: Permission,
    options: PermissionOptions = {},
  ): Promise<void> {
    expectSuccess(
      await webPubSubGrantPermission(this.#permissionCall(connectionId, permission, options)),
    );
  }

  /** Revokes a permission from a connection. */
  async revokePermission(
    connectionId: string,
    permission: Permission,
    options: PermissionOptions = {},
  ): Promise<void> {
    expectSuccess(
      await webPubSubRevokePermission(this.#permissionCall(connectionId, permission, options)),
    );
  }

  /** Whether a connection has a permission. */
  async hasPermission(
    connectionId: string,
    permission: Permission,
    options: PermissionOptions = {},
  ): Promise<boolean> {
    return expectExists(
      await webPubSubCheckPermission(this.#permissionCall(connectionId, permission, options)),
    );
  }

  #permissionCall(connectionId: string, permission: Permission, options: PermissionOptions) {
    requireId(connectionId, 'connectionId');
    requirePermission(permission);
    const targetName = optionalString(options.targetName, 'options.targetName');
    return this.#req({ permission, connectionId }, { targetName }, options.abortSignal);
  }

  /**
   * A token and URL for a client to connect. Signed locally with a key credential; minted by the
   * service (`:generateToken`) with an Entra ID credential.
   */
  async getClientAccessToken(
    options: GenerateClientTokenOptions = {},
  ): Promise<ClientTokenResponse> {
    const checked = checkTokenOptions(options);
    const audience = `${this.#baseUrl}/${clientPath(this.hubName, checked.protocol)}`;
    const baseUrl = toWebSocketUrl(audience);
    if (this.#keys) {
      const token = await signClientToken(await this.#keys.current().key, audience, checked);
      return tokenResponse(baseUrl, token);
    }
    const query = {
      userId: checked.userId,
      role: checked.roles,
      minutesToExpire: checked.minutes ?? 60,
      group: checked.groups,
      // As @azure/web-pubsub sends it: the protocol name when one is given (the service compares
      // case-insensitively), nothing otherwise.
      clientType: options.clientProtocol as WebPubSubClientType | undefined,
    };
    const result = await webPubSubGenerateClientToken({
      ...this.#req({}, query, options.abortSignal),
      parseAs: 'json',
    });
    expectSuccess(result);
    const token = (result.data as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token === '') {
      throw new RestError('The service answered :generateToken without a token', {
        code: RestError.PARSE_ERROR,
      });
    }
    return tokenResponse(baseUrl, token);
  }

  /** Whether the service answers its health probe; false when it is unhealthy or unreachable. */
  async isServiceHealthy(options: OperationOptions = {}): Promise<boolean> {
    const result = await healthApiGetServiceStatus({
      client: this.#client,
      query: { 'api-version': this.apiVersion },
      signal: options.abortSignal,
    });
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    return result.response?.ok === true;
  }
}

function closeQuery(options: CloseConnectionsOptions) {
  return {
    excluded: optionalStringArray(options.excluded, 'options.excluded', requireId),
    reason: optionalString(options.reason, 'options.reason'),
  };
}

/** The body and content type of a send, passed straight to fetch. */
function bodyOf(payload: Payload) {
  return directBody(payload.body as BodyInit, payload.contentType);
}
