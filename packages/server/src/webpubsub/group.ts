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
import {
  checkListOptions,
  type ListConnectionsOptions,
  type Page,
  type PagedAsyncIterableIterator,
  pagedList,
} from '../paging.js';
import { callOptions, expectSuccess, type RawResult } from '../transport.js';
import { requireId } from '../validation.js';
import type { HubContext, OperationOptions } from './context.js';
import { closeQuery } from './hub-operations.js';
import { hubRequest } from './hub-request.js';
import { type JSONTypes, payloadFor } from './message.js';
import { checkSendQuery, type SendToAllOptions } from './send-options.js';

/** A connection in a group, with the user it belongs to (`connectionId`, optional `userId`). */
export type WebPubSubGroupMember = GroupMember;

export interface GroupCloseAllConnectionsOptions extends OperationOptions {
  /** Connection ids to keep open. */
  excluded?: string[];
  /** The reason sent to the closed clients. */
  reason?: string;
}

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
  addConnection(connectionId: string, options: OperationOptions = {}): Promise<void> {
    return this.#member(webPubSubAddConnectionToGroup, 'connectionId', connectionId, options);
  }

  /** Removes a connection from this group. */
  removeConnection(connectionId: string, options: OperationOptions = {}): Promise<void> {
    return this.#member(webPubSubRemoveConnectionFromGroup, 'connectionId', connectionId, options);
  }

  /** Adds a user (all their connections, present and future) to this group. */
  addUser(userId: string, options: OperationOptions = {}): Promise<void> {
    return this.#member(webPubSubAddUserToGroup, 'userId', userId, options);
  }

  /** Removes a user from this group. */
  removeUser(userId: string, options: OperationOptions = {}): Promise<void> {
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

  /** Sends to every connection in this group (text with `contentType: "text/plain"`). */
  async sendToAll(
    message: JSONTypes | ArrayBuffer | ArrayBufferView | Blob,
    options: SendToAllOptions = {},
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
