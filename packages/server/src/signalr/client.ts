// SignalRServiceClient: the SignalR Service v1 REST API (serverless mode) on top of the generated
// @hubcast/signalr-rest client, with negotiate for @microsoft/signalr clients. The checks and raw
// calls behind the methods live in the modules next to it.
import {
  createClient,
  signalRAddConnectionToGroup,
  signalRAddUserToGroup,
  signalRCheckConnectionExistence,
  signalRCheckGroupExistence,
  signalRCheckUserExistence,
  signalRCheckUserExistenceInGroup,
  signalRCloseConnection,
  signalRGetHealthStatus,
  signalRRemoveConnectionFromGroup,
  signalRRemoveUserFromAllGroups,
  signalRRemoveUserFromGroup,
} from '@hubcast/signalr-rest';
import { createAuthorizer } from '../auth/authorizer.js';
import type { AzureKeyCredential, KeyCredential, TokenCredential } from '../auth/credentials.js';
import { isTokenCredential } from '../auth/credentials.js';
import { KeyHolder } from '../auth/sign.js';
import { checkConcurrency, type FanOutOptions, type FanOutResult, fanOut } from '../fan-out.js';
import { resolveClientArgs } from '../setup.js';
import { createTransport, expectExists, expectSuccess, proxyEndpoint } from '../transport.js';
import {
  optionalInteger,
  optionalString,
  requireArray,
  requireEndpoint,
  requireGroup,
  requireId,
  USER_GROUP_TTL_MIN,
} from '../validation.js';
import type { OperationOptions } from '../webpubsub/context.js';
import { AccessKeySource } from './access-key.js';
import type {
  AddUserToGroupOptions,
  SignalRCloseConnectionOptions,
  SignalRSendOptions,
  SignalRServiceClientOptions,
} from './client-options.js';
import { checkConnectionString, prefixedHub, SCOPE, signalRAudience } from './client-setup.js';
import {
  broadcast,
  connectionInGroup,
  excludedOf,
  payload,
  type SignalRHub,
  sendBodyToConnection,
  sendBodyToGroup,
  sendBodyToUser,
  userInGroup,
} from './hub-calls.js';
import {
  checkNegotiateOptions,
  type NegotiateOptions,
  type NegotiateResponse,
  signNegotiateToken,
} from './negotiate.js';

/**
 * Server client of one Azure SignalR Service hub (serverless mode): sends to everyone, users,
 * connections and groups, manages groups and connections, and negotiates client connections.
 */
export class SignalRServiceClient {
  /** The hub this client talks to, without the application prefix. */
  readonly hubName: string;
  /** The `applicationName` prefix of the hub, if any. */
  readonly applicationName: string | undefined;
  /** The endpoint as given (or as parsed from the connection string). */
  readonly endpoint: string;
  /** The raw client (built on first use) and the prefixed hub. */
  readonly #hub: SignalRHub;
  readonly #clientEndpoint: string;
  readonly #keys: KeyHolder | undefined;
  readonly #accessKeys: AccessKeySource | undefined;

  constructor(connectionString: string, hubName: string, options?: SignalRServiceClientOptions);
  constructor(
    endpoint: string,
    credential: AzureKeyCredential | KeyCredential | TokenCredential,
    hubName: string,
    options?: SignalRServiceClientOptions,
  );
  constructor(...args: unknown[]) {
    const resolved = resolveClientArgs<SignalRServiceClientOptions>(args, checkConnectionString);
    const { options, connectionString: cs, credential } = resolved;
    const insecure = options.allowInsecureConnection;
    this.hubName = resolved.hub;
    this.endpoint = resolved.endpoint;
    this.applicationName = optionalString(options.applicationName, 'options.applicationName');
    const hub = prefixedHub(this.hubName, this.applicationName);
    this.#clientEndpoint = cs?.clientEndpoint
      ? requireEndpoint(cs.clientEndpoint, 'connectionString ClientEndpoint', insecure)
      : resolved.baseUrl;
    const serverEndpoint = cs?.serverEndpoint
      ? requireEndpoint(cs.serverEndpoint, 'connectionString ServerEndpoint', insecure)
      : undefined;
    this.#keys = isTokenCredential(credential) ? undefined : new KeyHolder(credential);
    // The raw client, built on first use (see createTransport).
    const raw = createTransport(
      createClient,
      {
        baseUrl: resolved.baseUrl,
        audienceOf: signalRAudience,
        authorize: createAuthorizer(credential, SCOPE, this.#keys),
        // ServerEndpoint, like a reverse proxy, changes where requests go but not their audience.
        sendTo: proxyEndpoint(options) ?? serverEndpoint,
      },
      options,
    );
    this.#hub = {
      get client() {
        return raw();
      },
      hub,
    };
    this.#accessKeys = this.#keys ? undefined : new AccessKeySource(raw);
  }

  /** Calls the client-side method `target` on every connection of the hub. */
  async sendToAll(
    target: string,
    args?: unknown[],
    options: SignalRSendOptions = {},
  ): Promise<void> {
    const body = payload(target, args);
    await broadcast(this.#hub, body, excludedOf(options), options.abortSignal);
  }

  /** Calls `target` on every connection of a user. */
  async sendToUser(
    userId: string,
    target: string,
    args?: unknown[],
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    await sendBodyToUser(this.#hub, userId, payload(target, args), options.abortSignal);
  }

  /** Calls `target` on one connection. */
  async sendToConnection(
    connectionId: string,
    target: string,
    args?: unknown[],
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    await sendBodyToConnection(this.#hub, connectionId, payload(target, args), options.abortSignal);
  }

  /** Calls `target` on every connection of a group, except `excluded`. */
  async sendToGroup(
    group: string,
    target: string,
    args?: unknown[],
    options: SignalRSendOptions = {},
  ): Promise<void> {
    requireGroup(group, 'group', false);
    await sendBodyToGroup(
      this.#hub,
      group,
      payload(target, args),
      excludedOf(options),
      options.abortSignal,
    );
  }

  /** Calls `target` for many users; one settled result per user. The payload is serialized once. */
  sendToUsers(
    userIds: string[],
    target: string,
    args?: unknown[],
    options: FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(userIds, 'userIds', requireId);
    const body = payload(target, args);
    return fanOut(userIds, checkConcurrency(options.concurrency), (id) =>
      sendBodyToUser(this.#hub, id, body, options.abortSignal),
    );
  }

  /** Calls `target` in many groups; one settled result per group. */
  sendToGroups(
    groups: string[],
    target: string,
    args?: unknown[],
    options: SignalRSendOptions & FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(groups, 'groups', (g, name) => requireGroup(g, name, false));
    const body = payload(target, args);
    const excluded = excludedOf(options);
    return fanOut(groups, checkConcurrency(options.concurrency), (group) =>
      sendBodyToGroup(this.#hub, group, body, excluded, options.abortSignal),
    );
  }

  /** Calls `target` on many connections; one settled result per connection. */
  sendToConnections(
    connectionIds: string[],
    target: string,
    args?: unknown[],
    options: FanOutOptions = {},
  ): Promise<FanOutResult[]> {
    requireArray(connectionIds, 'connectionIds', requireId);
    const body = payload(target, args);
    return fanOut(connectionIds, checkConcurrency(options.concurrency), (id) =>
      sendBodyToConnection(this.#hub, id, body, options.abortSignal),
    );
  }

  /** Whether the connection exists. */
  async connectionExists(connectionId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(connectionId, 'connectionId');
    return expectExists(
      await signalRCheckConnectionExistence({
        client: this.#hub.client,
        path: { hub: this.#hub.hub, connectionId },
        signal: options.abortSignal,
      }),
    );
  }

  /** Whether the group has any connection. */
  async groupExists(group: string, options: OperationOptions = {}): Promise<boolean> {
    requireGroup(group, 'group', false);
    return expectExists(
      await signalRCheckGroupExistence({
        client: this.#hub.client,
        path: { hub: this.#hub.hub, group },
        signal: options.abortSignal,
      }),
    );
  }

  /** Whether the user has any connection. */
  async userExists(userId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return expectExists(
      await signalRCheckUserExistence({
        client: this.#hub.client,
        path: { hub: this.#hub.hub, user: userId },
        signal: options.abortSignal,
      }),
    );
  }

  /** Whether the user is in the group. */
  async userInGroup(
    userId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<boolean> {
    return expectExists(
      await signalRCheckUserExistenceInGroup(userInGroup(this.#hub, userId, group, options)),
    );
  }

  /** Closes one connection. */
  async closeConnection(
    connectionId: string,
    options: SignalRCloseConnectionOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    expectSuccess(
      await signalRCloseConnection({
        client: this.#hub.client,
        path: { hub: this.#hub.hub, connectionId },
        query: { reason: optionalString(options.reason, 'options.reason') },
        signal: options.abortSignal,
      }),
    );
  }

  /** Adds a connection to a group. */
  async addConnectionToGroup(
    connectionId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    expectSuccess(
      await signalRAddConnectionToGroup(connectionInGroup(this.#hub, connectionId, group, options)),
    );
  }

  /** Removes a connection from a group. */
  async removeConnectionFromGroup(
    connectionId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    expectSuccess(
      await signalRRemoveConnectionFromGroup(
        connectionInGroup(this.#hub, connectionId, group, options),
      ),
    );
  }

  /** Adds a user to a group; the membership also covers connections the user opens later. */
  async addUserToGroup(
    userId: string,
    group: string,
    options: AddUserToGroupOptions = {},
  ): Promise<void> {
    const ttl = optionalInteger(options.ttlSeconds, 'options.ttlSeconds', USER_GROUP_TTL_MIN);
    expectSuccess(
      await signalRAddUserToGroup({
        ...userInGroup(this.#hub, userId, group, options),
        query: { ttl },
      }),
    );
  }

  /** Removes a user from a group. */
  async removeUserFromGroup(
    userId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    expectSuccess(await signalRRemoveUserFromGroup(userInGroup(this.#hub, userId, group, options)));
  }

  /** Removes a user from every group. */
  async removeUserFromAllGroups(userId: string, options: OperationOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    expectSuccess(
      await signalRRemoveUserFromAllGroups({
        client: this.#hub.client,
        path: { hub: this.#hub.hub, user: userId },
        signal: options.abortSignal,
      }),
    );
  }

  /**
   * What a negotiate endpoint of an app server returns to a @microsoft/signalr client: the client URL
   * and an access token for it.
   */
  async negotiate(options: NegotiateOptions = {}): Promise<NegotiateResponse> {
    const checked = checkNegotiateOptions(options);
    const url = `${this.#clientEndpoint}/client/?hub=${encodeURIComponent(this.#hub.hub)}`;
    let accessToken: string;
    if (this.#keys) {
      accessToken = await signNegotiateToken(await this.#keys.current().key, url, checked);
    } else {
      const signing = await (this.#accessKeys as AccessKeySource).get(options.abortSignal);
      accessToken = await signNegotiateToken(signing.key, url, checked, signing.kid);
    }
    return { url, accessToken };
  }

  /** Whether the service answers its health probe; false when it is unhealthy or unreachable. */
  async isServiceHealthy(options: OperationOptions = {}): Promise<boolean> {
    const result = await signalRGetHealthStatus({
      client: this.#hub.client,
      signal: options.abortSignal,
    });
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    return result.response?.ok === true;
  }
}
