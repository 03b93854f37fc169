// SignalRServiceClient: the SignalR Service REST APIs (serverless mode) on top of the generated
// @hubcast/signalr-rest clients, with negotiate for @microsoft/signalr clients. Each method checks its
// input, then calls the API the client was built for (v1-calls.ts or current-calls.ts) or, for what only
// the current API has, current-operations.ts. The constructor's work is wireClient (client-setup.ts).
import type { KeyCredential, TokenCredential } from '../auth/credentials.js';
import type { AzureKeyCredential } from '../auth/key-credential.js';
import { checkConcurrency, type FanOutOptions, type FanOutResult, fanOut } from '../fan-out.js';
import type { OperationOptions } from '../operation-options.js';
import type { LinkPolicy } from '../paging.js';
import {
  optionalInteger,
  optionalString,
  requireArray,
  requireGroup,
  requireId,
  USER_GROUP_TTL_MIN,
} from '../validation.js';
import type { SignalRApi } from './api.js';
import { excludedOf, payloadOf } from './checks.js';
import type {
  AddUserToGroupOptions,
  ExecuteOptions,
  SendStreamCompletionOptions,
  SendStreamItemOptions,
  SignalRApiVersion,
  SignalRClientTokenOptions,
  SignalRCloseConnectionOptions,
  SignalRCloseConnectionsOptions,
  SignalRCommand,
  SignalRGroupMembers,
  SignalRListConnectionsOptions,
  SignalRSendOptions,
  SignalRServiceClientOptions,
} from './client-options.js';
import { wireClient } from './client-setup.js';
import type { CurrentHub } from './current-calls.js';
import * as current from './current-operations.js';
import type { HubTarget, SendArguments, SignalRHubMethods, UntypedHub } from './hub-types.js';
import {
  type ClientTokenSource,
  generateClientTokenWith,
  type NegotiateOptions,
  type NegotiateResponse,
  negotiateWith,
} from './negotiate.js';

/**
 * Server client of one Azure SignalR Service hub (serverless mode): sends to everyone, users,
 * connections and groups, manages groups and connections, invokes client methods, streams, and
 * negotiates client connections. `options.apiVersion` picks the API of the operations v1 also has;
 * the operations only the current API (2024-12-01) has always use it.
 */
export class SignalRServiceClient<Hub extends SignalRHubMethods<Hub> = UntypedHub> {
  /** The hub this client talks to, without the application prefix. */
  readonly hubName: string;
  /** The `applicationName` of the hub, if any. */
  readonly applicationName: string | undefined;
  /** The endpoint as given (or as parsed from the connection string). */
  readonly endpoint: string;
  /** The API of the operations v1 also has (`options.apiVersion`, default `v1`). */
  readonly apiVersion: SignalRApiVersion;
  readonly #api: SignalRApi;
  /** The raw client (built on first use) with the hub and application of the current API. */
  readonly #current: CurrentHub;
  readonly #tokens: ClientTokenSource;
  readonly #links: LinkPolicy;

  /**
   * A client of hub `hubName` (letters, digits and `_`), from a connection string or from an endpoint
   * and a credential. Give it the hub's client methods as a type argument to have every send checked:
   *
   * @example
   * ```ts
   * interface ChatClient {
   *   newMessage: [user: string, text: string];
   *   userLeft(user: string): void; // a method signature works too
   * }
   * const service = new SignalRServiceClient<ChatClient>(process.env.SIGNALR_CONNECTION_STRING!, 'chat');
   * await service.sendToAll('newMessage', ['alice', 'hi']); // checked: target and argument types
   * ```
   */
  constructor(
    ...args:
      | [
          endpoint: string,
          credential: AzureKeyCredential | KeyCredential | TokenCredential,
          hubName: string,
          options?: SignalRServiceClientOptions,
        ]
      | [connectionString: string, hubName: string, options?: SignalRServiceClientOptions]
  ) {
    const wired = wireClient(args);
    this.hubName = wired.hubName;
    this.applicationName = wired.applicationName;
    this.endpoint = wired.endpoint;
    this.apiVersion = wired.apiVersion;
    this.#api = wired.api;
    this.#current = wired.current;
    this.#tokens = wired.tokens;
    this.#links = wired.links;
  }

  /** The checked, serialized body of `target(...args)` and the options after `args`. */
  #payload<O>(target: string, rest: readonly unknown[]): [body: string, options: O] {
    return [payloadOf(this.#api.payload, target, rest[0]), (rest[1] ?? {}) as O];
  }

  /**
   * Calls the client-side method `target` on every connection of the hub, except `excluded`.
   *
   * @example
   * ```ts
   * await service.sendToAll('newMessage', ['alice', 'hello']); // connection.on('newMessage', …)
   * ```
   */
  async sendToAll<T extends HubTarget<Hub>>(
    target: T,
    ...rest: SendArguments<Hub, T, SignalRSendOptions>
  ): Promise<void> {
    const [body, options] = this.#payload<SignalRSendOptions>(target, rest);
    await this.#api.broadcast(body, excludedOf(options), options);
  }

  /** Calls `target` on every connection of a user. */
  async sendToUser<T extends HubTarget<Hub>>(
    userId: string,
    target: T,
    ...rest: SendArguments<Hub, T, OperationOptions>
  ): Promise<void> {
    requireId(userId, 'userId');
    const [body, options] = this.#payload<OperationOptions>(target, rest);
    await this.#api.sendToUser(userId, body, options);
  }

  /** Calls `target` on one connection. */
  async sendToConnection<T extends HubTarget<Hub>>(
    connectionId: string,
    target: T,
    ...rest: SendArguments<Hub, T, OperationOptions>
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const [body, options] = this.#payload<OperationOptions>(target, rest);
    await this.#api.sendToConnection(connectionId, body, options);
  }

  /** Calls `target` on every connection of a group, except `excluded`. */
  async sendToGroup<T extends HubTarget<Hub>>(
    group: string,
    target: T,
    ...rest: SendArguments<Hub, T, SignalRSendOptions>
  ): Promise<void> {
    requireGroup(group, 'group', false);
    const [body, options] = this.#payload<SignalRSendOptions>(target, rest);
    await this.#api.sendToGroup(group, body, excludedOf(options), options);
  }

  /** Calls `target` for many users; one settled result per user. The payload is serialized once. */
  sendToUsers<T extends HubTarget<Hub>>(
    userIds: string[],
    target: T,
    ...rest: SendArguments<Hub, T, FanOutOptions>
  ): Promise<FanOutResult[]> {
    requireArray(userIds, 'userIds', requireId);
    const [body, options] = this.#payload<FanOutOptions>(target, rest);
    return fanOut(userIds, checkConcurrency(options.concurrency), (id) =>
      this.#api.sendToUser(id, body, options),
    );
  }

  /** Calls `target` in many groups; one settled result per group. */
  sendToGroups<T extends HubTarget<Hub>>(
    groups: string[],
    target: T,
    ...rest: SendArguments<Hub, T, SignalRSendOptions & FanOutOptions>
  ): Promise<FanOutResult[]> {
    requireArray(groups, 'groups', (g, name) => requireGroup(g, name, false));
    const [body, options] = this.#payload<SignalRSendOptions & FanOutOptions>(target, rest);
    const excluded = excludedOf(options);
    return fanOut(groups, checkConcurrency(options.concurrency), (group) =>
      this.#api.sendToGroup(group, body, excluded, options),
    );
  }

  /** Calls `target` on many connections; one settled result per connection. */
  sendToConnections<T extends HubTarget<Hub>>(
    connectionIds: string[],
    target: T,
    ...rest: SendArguments<Hub, T, FanOutOptions>
  ): Promise<FanOutResult[]> {
    requireArray(connectionIds, 'connectionIds', requireId);
    const [body, options] = this.#payload<FanOutOptions>(target, rest);
    return fanOut(connectionIds, checkConcurrency(options.concurrency), (id) =>
      this.#api.sendToConnection(id, body, options),
    );
  }

  /** Whether the connection exists. */
  connectionExists(connectionId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(connectionId, 'connectionId');
    return this.#api.connectionExists(connectionId, options);
  }

  /** Whether the group has any connection. */
  groupExists(group: string, options: OperationOptions = {}): Promise<boolean> {
    return this.#api.groupExists(this.#group(group), options);
  }

  /** Whether the user has any connection. */
  userExists(userId: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return this.#api.userExists(userId, options);
  }

  /** Whether the user is in the group. */
  userInGroup(userId: string, group: string, options: OperationOptions = {}): Promise<boolean> {
    requireId(userId, 'userId');
    return this.#api.userInGroup(userId, this.#group(group), options);
  }

  /** Closes one connection. */
  closeConnection(
    connectionId: string,
    options: SignalRCloseConnectionOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const reason = optionalString(options.reason, 'options.reason');
    return this.#api.closeConnection(connectionId, reason, options);
  }

  /** Adds a connection to a group. */
  addConnectionToGroup(
    connectionId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    const g = this.#group(group);
    return this.#api.addConnectionToGroup(connectionId, g, options);
  }

  /** Removes a connection from a group. */
  removeConnectionFromGroup(
    connectionId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(connectionId, 'connectionId');
    requireGroup(group, 'group', false);
    return this.#api.removeConnectionFromGroup(connectionId, group, options);
  }

  /** Adds a user to a group; the membership also covers connections the user opens later. */
  addUserToGroup(
    userId: string,
    group: string,
    options: AddUserToGroupOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    const g = this.#group(group);
    const ttl = optionalInteger(options.ttlSeconds, 'options.ttlSeconds', USER_GROUP_TTL_MIN);
    return this.#api.addUserToGroup(userId, g, ttl, options);
  }

  /** Removes a user from a group. */
  removeUserFromGroup(
    userId: string,
    group: string,
    options: OperationOptions = {},
  ): Promise<void> {
    requireId(userId, 'userId');
    return this.#api.removeUserFromGroup(userId, this.#group(group), options);
  }

  /** Removes a user from every group. */
  removeUserFromAllGroups(userId: string, options: OperationOptions = {}): Promise<void> {
    requireId(userId, 'userId');
    return this.#api.removeUserFromAllGroups(userId, options);
  }

  /**
   * What a negotiate endpoint of an app server returns to a @microsoft/signalr client: the client URL
   * and a locally signed access token for it (with an Entra ID credential, signed with the service's
   * temporary key). See also {@link generateClientToken}.
   *
   * @example
   * ```ts
   * app.post('/chat/negotiate', async (req, res) => {
   *   res.json(await service.negotiate({ userId: req.user.id }));
   * });
   * // Browser: new HubConnectionBuilder().withUrl('/chat').build() negotiates there, then connects.
   * ```
   */
  negotiate(options: NegotiateOptions = {}): Promise<NegotiateResponse> {
    return negotiateWith(this.#tokens, options);
  }

  /** Whether the service answers its health probe; false when it is unhealthy or unreachable. */
  async isServiceHealthy(options: OperationOptions = {}): Promise<boolean> {
    const healthy = await this.#api.isHealthy(options);
    if (options.abortSignal?.aborted) throw options.abortSignal.reason;
    return healthy;
  }

  // The operations below exist on the current API (2024-12-01) only and always use it.

  /** Closes every connection of the hub, except `excluded` (current API). */
  closeAllConnections(options: SignalRCloseConnectionsOptions = {}): Promise<void> {
    return current.closeAllConnections(this.#current, options);
  }

  /** Closes every connection of a user, except `excluded` (current API). */
  closeUserConnections(
    userId: string,
    options: SignalRCloseConnectionsOptions = {},
  ): Promise<void> {
    return current.closeUserConnections(this.#current, userId, options);
  }

  /** Closes every connection in a group, except `excluded` (current API). */
  closeGroupConnections(
    group: string,
    options: SignalRCloseConnectionsOptions = {},
  ): Promise<void> {
    return current.closeGroupConnections(this.#current, group, options);
  }

  /** Removes a connection from every group it is in (current API). */
  removeConnectionFromAllGroups(
    connectionId: string,
    options: OperationOptions = {},
  ): Promise<void> {
    return current.removeConnectionFromAllGroups(this.#current, connectionId, options);
  }

  /**
   * The connections in a group (current API): iterate them with `for await`, or page by page with
   * `byPage()`, following the service's `nextLink`.
   */
  listConnectionsInGroup(
    group: string,
    options: SignalRListConnectionsOptions = {},
  ): SignalRGroupMembers {
    return current.listConnectionsInGroup(this.#current, this.#links, group, options);
  }

  /**
   * A client URL and access token (current API): signed locally with an access key, or issued by the
   * service with `:generateToken` for an Entra ID credential. For custom claims use {@link negotiate}.
   */
  generateClientToken(options: SignalRClientTokenOptions = {}): Promise<NegotiateResponse> {
    return generateClientTokenWith(this.#tokens, options);
  }

  /**
   * Calls the client-side method `target` on one connection and resolves with what the client's
   * handler returned (client results, current API). Rejects with a RestError when the client returns
   * an error, is not connected, or does not answer in time. Never retried once it may have reached
   * the client.
   *
   * @example
   * ```ts
   * // The client: connection.on('confirm', (question) => window.confirm(question));
   * const ok = await service.invoke<boolean>(connectionId, 'confirm', ['Delete the file?']);
   * ```
   */
  async invoke<R = unknown, T extends HubTarget<Hub> = HubTarget<Hub>>(
    connectionId: string,
    target: T,
    ...rest: SendArguments<Hub, T, OperationOptions>
  ): Promise<R> {
    const [args, options = {}] = rest as [unknown[] | undefined, OperationOptions?];
    return (await current.invoke(this.#current, connectionId, target, args, options)) as R;
  }

  /**
   * Sends one item to the stream a client opened with a stream invocation; `streamId` is that
   * invocation's id (current API).
   */
  sendStreamItem(
    connectionId: string,
    streamId: string,
    item: unknown,
    options: SendStreamItemOptions = {},
  ): Promise<void> {
    return current.sendStreamItem(this.#current, connectionId, streamId, item, options);
  }

  /** Completes a client's stream, with `options.error` as its error if given (current API). */
  sendStreamCompletion(
    connectionId: string,
    streamId: string,
    options: SendStreamCompletionOptions = {},
  ): Promise<void> {
    return current.sendStreamCompletion(this.#current, connectionId, streamId, options);
  }

  /**
   * Runs commands in one transaction on every connection that matches `options.filter` (all of the
   * hub's connections without one), current API.
   */
  execute(commands: SignalRCommand<Hub>[], options: ExecuteOptions = {}): Promise<void> {
    return current.execute(this.#current, commands, options);
  }

  /** A group name; blank names are refused where the API in use refuses them. */
  #group(group: string): string {
    return requireGroup(group, 'group', this.#api.strictGroups);
  }
}
