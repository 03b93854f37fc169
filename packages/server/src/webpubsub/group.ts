// `client.group(name)`: the group-scoped operations of @azure/web-pubsub's WebPubSubGroup.
import {
  type Client,
  type GroupMember,
  webPubSubAddConnectionToGroup,
  webPubSubAddUserToGroup,
  webPubSubCloseGroupConnections,
  webPubSubListConnectionsInGroup,
  webPubSubRemoveConnectionFromGroup,
  webPubSubRemoveUserFromGroup,
} from '@hubcast/webpubsub-rest';
import type { OperationOptions } from '../operation-options.js';
import {
  checkListOptions,
  type ListConnectionsOptions,
  type Page,
  type PagedAsyncIterableIterator,
  pagedList,
} from '../paging.js';
import { callOptions, expectSuccess, type RawResult } from '../transport.js';
import { requireId } from '../validation.js';
import type { CheckedMessage, Message } from './client-options.js';
import type { HubContext } from './context.js';
import { closeQuery } from './hub-operations.js';
import { hubRequest } from './hub-request.js';
import { payloadFor } from './message.js';
import {
  checkSendQuery,
  type HubSendTextToAllOptions,
  type HubSendToAllOptions,
} from './send-options.js';

/** A connection in a group, with the user it belongs to (`connectionId`, optional `userId`). */
export type WebPubSubGroupMember = GroupMember;

export interface GroupCloseAllConnectionsOptions extends OperationOptions {
  /** Connection ids to keep open. */
  excluded?: string[];
  /** The reason sent to the closed clients. */
  reason?: string;
}

/** Options of `addConnection` (and of the hub's `addConnectionsToGroups`). */
export interface GroupAddConnectionOptions extends OperationOptions {}
/** Options of `removeConnection` (and of the hub's `removeConnectionsFromGroups`). */
export interface GroupRemoveConnectionOptions extends OperationOptions {}
/** Options of `addUser`. */
export interface GroupAddUserOptions extends OperationOptions {}
/** Options of `removeUser`. */
export interface GroupRemoveUserOptions extends OperationOptions {}
/** Options of a check whether a user is in a group (exported by `@azure/web-pubsub`, used by no method). */
export interface GroupHasUserOptions extends OperationOptions {}
/** Options of a group's `sendToAll`. */
export interface GroupSendToAllOptions extends HubSendToAllOptions {}
/** Options of a group's `sendToAll` sending text. */
export interface GroupSendTextToAllOptions extends HubSendTextToAllOptions {}

/** Options of `listConnections`: page size, a total limit, and where to resume. */
export type GroupListConnectionsOptions = ListConnectionsOptions;

/** A page of members; `continuationToken` is the link to the next page, if any. */
export type GroupMemberPage = Page<WebPubSubGroupMember>;

/**
 * What `listConnections` returns: iterate it directly (`for await (const m of group.listConnections())`),
 * or `await` it first as with @azure/web-pubsub, which resolves to the same iterator.
 */
export type ListConnectionsResult = Promise<
  PagedAsyncIterableIterator<WebPubSubGroupMember, GroupMemberPage>
> &
  PagedAsyncIterableIterator<WebPubSubGroupMember, GroupMemberPage>;

/** The operations on one group of a hub, from `WebPubSubServiceClient.group(name)`. */
export class WebPubSubGroup {
  /** The group these operations act on. */
  readonly groupName: string;
  readonly #hub: HubContext;

  /** @internal Use `WebPubSubServiceClient.group(name)`. */
  constructor(hub: HubContext, groupName: string) {
    this.#hub = hub;
    this.groupName = groupName;
  }

  /** The hub the group belongs to. */
  get hubName(): string {
    return this.#hub.hub;
  }

  /** The REST api-version sent with every request. */
  get apiVersion(): string {
    return this.#hub.apiVersion;
  }

  /** The service endpoint. */
  get endpoint(): string {
    return this.#hub.endpoint;
  }

  /** Adds a connection to this group. */
  addConnection(connectionId: string, options: GroupAddConnectionOptions = {}): Promise<void> {
    return this.#member(webPubSubAddConnectionToGroup, 'connectionId', connectionId, options);
  }

  /** Removes a connection from this group. */
  removeConnection(
    connectionId: string,
    options: GroupRemoveConnectionOptions = {},
  ): Promise<void> {
    return this.#member(webPubSubRemoveConnectionFromGroup, 'connectionId', connectionId, options);
  }

  /**
   * Adds the connections the user has **now** to this group. A connection the user opens later is
   * not in the group: add it when it connects (the `connected` event), or give the client the group
   * in its token (`getClientAccessToken({ groups })`). See the README's "Groups and users".
   *
   * @example
   * ```ts
   * await service.group('room').addUser('alice');
   * await service.group('room').sendToAll({ text: 'alice joined' });
   * ```
   */
  addUser(userId: string, options: GroupAddUserOptions = {}): Promise<void> {
    return this.#member(webPubSubAddUserToGroup, 'userId', userId, options);
  }

  /** Removes the user's connections from this group. */
  removeUser(userId: string, options: GroupRemoveUserOptions = {}): Promise<void> {
    return this.#member(webPubSubRemoveUserFromGroup, 'userId', userId, options);
  }

  async #member<K extends 'connectionId' | 'userId'>(
    call: (request: {
      client: Client;
      path: { hub: string; group: string } & Record<K, string>;
      query: { 'api-version': string };
    }) => Promise<RawResult>,
    key: K,
    id: string,
    options: OperationOptions,
  ): Promise<void> {
    requireId(id, key);
    const path = { group: this.groupName, [key]: id } as { group: string } & Record<K, string>;
    expectSuccess(await call(hubRequest(this.#hub, path, {}, options)));
  }

  /** Closes every connection in this group, except `excluded`. */
  async closeAllConnections(options: GroupCloseAllConnectionsOptions = {}): Promise<void> {
    const request = hubRequest(this.#hub, { group: this.groupName }, closeQuery(options), options);
    expectSuccess(await webPubSubCloseGroupConnections(request));
  }

  /**
   * Sends to every connection in this group: JSON, text with `contentType: "text/plain"`, or bytes.
   *
   * @example
   * ```ts
   * await service.group('room').sendToAll({ text: 'hi' }, { excludedConnections: [senderId] });
   * ```
   */
  async sendToAll<M extends Message>(
    message: CheckedMessage<M>,
    options: GroupSendToAllOptions | GroupSendTextToAllOptions = {},
  ): Promise<void> {
    const payload = payloadFor(message, options.contentType);
    await this.#hub.sendToGroup(this.groupName, payload, checkSendQuery(options), options);
  }

  /** Lists the connections of this group, following `nextLink` page by page. */
  listConnections(options: GroupListConnectionsOptions = {}): ListConnectionsResult {
    const { client, resolveLink } = this.#hub;
    const links = { endpoint: this.endpoint, resolve: resolveLink };
    const { maxpagesize, top, start } = checkListOptions(options, links);
    const query = { 'api-version': this.#hub.apiVersion, maxpagesize, top };
    const path = { hub: this.#hub.hub, group: this.groupName };
    const first = () =>
      webPubSubListConnectionsInGroup({
        client,
        path,
        query,
        parseAs: 'json',
        ...callOptions(options),
      });
    const paged = pagedList<WebPubSubGroupMember>({ first, client, links, options }, start);
    return Object.assign(Promise.resolve(paged), paged);
  }
}
