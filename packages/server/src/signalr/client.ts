// SignalRServiceClient: the SignalR Service v1 REST API (serverless mode) on top of the generated
// @hubcast/signalr-rest client, with negotiate for @microsoft/signalr clients.
import {
  type Client,
  createClient,
  type PayloadMessage,
  signalRAddConnectionToGroup,
  signalRAddUserToGroup,
  signalRBroadcast,
  signalRCheckConnectionExistence,
  signalRCheckGroupExistence,
  signalRCheckUserExistence,
  signalRCheckUserExistenceInGroup,
  signalRCloseConnection,
  signalRGetHealthStatus,
  signalRRemoveConnectionFromGroup,
  signalRRemoveUserFromAllGroups,
  signalRRemoveUserFromGroup,
  signalRSendToConnection,
  signalRSendToGroup,
  signalRSendToUser,
} from '@hubcast/signalr-rest';
import { createAuthorizer } from '../auth/authorizer.js';
import type { AzureKeyCredential, KeyCredential, TokenCredential } from '../auth/credentials.js';
import { isTokenCredential } from '../auth/credentials.js';
import { KeyHolder } from '../auth/sign.js';
import type { ParsedConnectionString } from '../connection-string.js';
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
  HUB_PATTERN,
  optionalInteger,
  optionalString,
  optionalStringArray,
  requireArray,
  requireEndpoint,
  requireGroup,
  requireHub,
  requireId,
  USER_GROUP_TTL_MIN,
} from '../validation.js';
import type { OperationOptions } from '../webpubsub/context.js';
import { AccessKeySource } from './access-key.js';
import {
  checkNegotiateOptions,
  type NegotiateOptions,
  type NegotiateResponse,
  signNegotiateToken,
} from './negotiate.js';

export interface SignalRServiceClientOptions extends TransportOptions {
  /** Prefix of the hub on the service: the REST and client hub becomes `{applicationName}_{hub}`. */
  applicationName?: string;
}

export interface SignalRSendOptions extends OperationOptions {
  /** Connection ids that do not get the message. */
  excluded?: string[];
}

export interface SignalRCloseConnectionOptions extends OperationOptions {
  /** The reason passed to the client. */
  reason?: string;
}

export interface AddUserToGroupOptions extends OperationOptions {
  /** Seconds the user stays in the group; without it the service keeps the membership up to a year. */
  ttlSeconds?: number;
}

const SCOPE = 'https://signalr.azure.com/.default';

/** The JWT audience of a SignalR REST call: the URL without query string and trailing slash. */
export function signalRAudience(url: string): string {
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)).replace(/\/+$/, '');
}

function checkConnectionString(parsed: ParsedConnectionString): void {
  if (!parsed.accessKey && parsed.authType && /^azure/i.test(parsed.authType)) {
    throw new TypeError(
      `connectionString uses AuthType=${parsed.authType}: pass the Entra ID credential with new SignalRServiceClient(endpoint, credential, hub)`,
    );
  }
}

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
  readonly #hub: string;
  /** The raw client, built on first use (see createTransport). */
  readonly #raw: () => Client;
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
    this.#hub = prefixedHub(this.hubName, this.applicationName);
    this.#clientEndpoint = cs?.clientEndpoint
      ? requireEndpoint(cs.clientEndpoint, 'connectionString ClientEndpoint', insecure)
      : resolved.baseUrl;
    const serverEndpoint = cs?.serverEndpoint
      ? requireEndpoint(cs.serverEndpoint, 'connectionString ServerEndpoint', insecure)
      : undefined;
    this.#keys = isTokenCredential(credential) ? undefined : new KeyHolder(credential);
    this.#raw = createTransport(
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
    this.#accessKeys = this.#keys ? undefined : new AccessKeySource(this.#raw);
  }

  get #client(): Client {
    return this.#raw();
  }

  /** Calls the client-side method `target` on every connection of the hub. */
  async sendToAll(
    target: string,
    args?: unknown[],
    options: SignalRSendOptions = {},
  ): Promise<void> {
    const body = payload(target, args);
    await this.#broadcast(body, excludedOf(options), options.abortSignal);
  }

  async #broadcast(body: string, excluded: string[] | undefined, signal?: AbortSignal) {
    expectSuccess(
      await signalRBroadcast({
        client: this.#client,
        path: { hub: this.#hub },
        query: { excluded },
        ...jsonBody(body),
        signal,
      }),
    );
  }

  /** Calls `target` on every connection of a user. */
  async sendToUser(
    userId: string,
    target: string,
    args?: unknown[],
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    await this.#sendToUser(userId, payload(target, args), options.abortSignal);
  }

  async #sendToUser(user: string, body: string, signal?: AbortSignal) {
    expectSuccess(
      await signalRSendToUser({
        client: this.#client,
        path: { hub: this.#hub, user },
        ...jsonBody(body),
        signal,
      }),
    );
  }

  /** Calls `target` on one connection. */
  async sendToConnection(
    connectionId: string,
    target: string,
    args?: unknown[],
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    await this.#sendToConnection(connectionId, payload(target, args), options.abortSignal);
  }

  async #sendToConnection(connectionId: string, body: string, signal?: AbortSignal) {
    expectSuccess(
      await signalRSendToConnection({
        client: this.#client,
        path: { hub: this.#hub, connectionId },
        ...jsonBody(body),
        signal,
      }),
    );
  }

  /** Calls `target` on every connection of a group, except `excluded`. */
  async sendToGroup(
    group: string,
    target: string,
    args?: unknown[],
    options: SignalRSendOptions = {},
  ): Promise<void> {
    requireGroup(group, 'group', false);
    await this.#sendToGroup(group, payload(target, args), excludedOf(options), options.abortSignal);
  }

  async #sendToGroup(group: string, body: string, excluded?: string[], signal?: AbortSignal) {
    expectSuccess(
      await signalRSendToGroup({
        client: this.#client,
        path: { hub: this.#hub, group },
        query: { excluded },
        ...jsonBody(body),
        signal,
      }),
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
      this.#sendToUser(id, body, options.abortSignal),
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
      this.#sendToGroup(group, body, excluded, options.abortSignal),
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
      this.#sendToConnection(id, body, options.abortSignal),
    );
  }

  /** Whether the connection exists. */
  async connectionExists(connectionId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(connectionId, 'connectionId');
    return expectExists(
      await signalRCheckConnectionExistence({
        client: this.#client,
        path: { hub: this.#hub, connectionId },
        signal: options.abortSignal,
      }),
    );
  }

  /** Whether the group has any connection. */
  async groupExists(group: string, options: OperationOptions = {}): Promise<boolean> {
    requireGroup(group, 'group', false);
    return expectExists(
      await signalRCheckGroupExistence({
        client: this.#client,
        path: { hub: this.#hub, group },
        signal: options.abortSignal,
      }),
    );
  }

  /** Whether the user has any connection. */
  async userExists(userId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return expectExists(
      await signalRCheckUserExistence({
        client: this.#client,
        path: { hub: this.#hub, user: userId },
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
    requireId(userId, 'userId');
    requireGroup(group, 'group', false);
    return expectExists(
      await signalRCheckUserExistenceInGroup({
        client: this.#client,
        path: { hub: this.#hub, group, user: userId },
        signal: options.abortSignal,
      }),
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
        client: this.#client,
        path: { hub: this.#hub, connectionId },
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
      await signalRAddConnectionToGroup(this.#connectionInGroup(connectionId, group, options)),
    );
  }

  /** Removes a connection from a group. */
  async removeConnectionFromGroup(
    connectionId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    expectSuccess(
      await signalRRemoveConnectionFromGroup(this.#connectionInGroup(connectionId, group, options)),
    );
  }

  #connectionInGroup(connectionId: string, group: string, options: OperationOptions) {
    requireId(connectionId, 'connectionId');
    requireGroup(group, 'group', false);
    return {
      client: this.#client,
      path: { hub: this.#hub, group, connectionId },
      signal: options.abortSignal,
    };
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
        ...this.#userInGroup(userId, group, options),
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
    expectSuccess(await signalRRemoveUserFromGroup(this.#userInGroup(userId, group, options)));
  }

  #userInGroup(userId: string, group: string, options: OperationOptions) {
    requireId(userId, 'userId');
    requireGroup(group, 'group', false);
    return {
      client: this.#client,
      path: { hub: this.#hub, group, user: userId },
      signal: options.abortSignal,
    };
  }

  /** Removes a user from every group. */
  async removeUserFromAllGroups(userId: string, options: OperationOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    expectSuccess(
      await signalRRemoveUserFromAllGroups({
        client: this.#client,
        path: { hub: this.#hub, user: userId },
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
    const url = `${this.#clientEndpoint}/client/?hub=${encodeURIComponent(this.#hub)}`;
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
      client: this.#client,
      signal: options.abortSignal,
    });
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    return result.response?.ok === true;
  }
}

/** `{app}_{hub}`, lowercased as the service and the .NET SDK use it. */
function prefixedHub(hub: string, applicationName: string | undefined): string {
  if (applicationName === undefined) return hub.toLowerCase();
  requireHub(applicationName, 'options.applicationName');
  const prefixed = `${applicationName}_${hub}`;
  if (!HUB_PATTERN.test(prefixed)) {
    throw new RangeError('options.applicationName and hub together must be at most 127 characters');
  }
  return prefixed.toLowerCase();
}

function excludedOf(options: SignalRSendOptions): string[] | undefined {
  return optionalStringArray(options.excluded, 'options.excluded', requireId);
}

/** The PayloadMessage JSON, serialized once so fan-out sends reuse it. */
function payload(target: string, args: unknown[] | undefined): string {
  requireId(target, 'target');
  if (args !== undefined && !Array.isArray(args)) throw new TypeError('args must be an array');
  const message: PayloadMessage = { Target: target, Arguments: args ?? [] };
  return JSON.stringify(message);
}

function jsonBody(body: string) {
  // Already the serialized PayloadMessage: it goes to fetch as is, never through hey-api's serializer.
  return directBody(body, 'application/json');
}
