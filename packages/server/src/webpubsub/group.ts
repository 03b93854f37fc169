// `client.group(name)`: the group-scoped operations of @azure/web-pubsub's WebPubSubGroup.
import {
  type Client,
  type GroupMember,
  type GroupMemberPagedValues,
  webPubSubAddConnectionToGroup,
  webPubSubAddUserToGroup,
  webPubSubCloseGroupConnections,
  webPubSubListConnectionsInGroup,
  webPubSubRemoveConnectionFromGroup,
  webPubSubRemoveUserFromGroup,
} from '@hubcast/webpubsub-rest';
import { RestError } from '../errors.js';
import { expectSuccess, type RawResult } from '../transport.js';
import {
  MAX_PAGE_SIZE_MAX,
  MAX_PAGE_SIZE_MIN,
  optionalInteger,
  optionalString,
  requireId,
  TOP_MAX,
  TOP_MIN,
} from '../validation.js';
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

export interface GroupListConnectionsOptions extends OperationOptions {
  /** Connections per page, 1–200. */
  maxPageSize?: number;
  /** Stop after this many connections in all. */
  top?: number;
  /**
   * Start from this `nextLink`, as returned on a page's `continuationToken`. It must be on the
   * endpoint's origin (or the reverse proxy's), since the request to it carries the credential.
   */
  continuationToken?: string;
}

/** A page of members; `continuationToken` is the link to the next page, if any. */
export type GroupMemberPage = WebPubSubGroupMember[] & {
  /** Link to the next page; absent on the last page. */
  continuationToken?: string;
};

/** Iterates items one by one, or page by page with `byPage()`, as in `@azure/core-paging`. */
export interface PagedAsyncIterableIterator<T, P> extends AsyncIterableIterator<T> {
  /** Iterates whole pages, starting from `continuationToken` if given. */
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<P>;
}

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
      signal?: AbortSignal;
    }) => Promise<RawResult>,
    key: K,
    id: string,
    options: OperationOptions,
  ): Promise<void> {
    requireId(id, key);
    const path = { group: this.groupName, [key]: id } as { group: string } & Record<K, string>;
    expectSuccess(await call(hubRequest(this.#hub, path, {}, options.abortSignal)));
  }

  /** Closes every connection in this group, except `excluded`. */
  async closeAllConnections(options: GroupCloseAllConnectionsOptions = {}): Promise<void> {
    const request = hubRequest(
      this.#hub,
      { group: this.groupName },
      closeQuery(options),
      options.abortSignal,
    );
    expectSuccess(await webPubSubCloseGroupConnections(request));
  }

  /** Sends to every connection in this group (text with `contentType: "text/plain"`). */
  async sendToAll(
    message: JSONTypes | ArrayBuffer | ArrayBufferView | Blob,
    options: SendToAllOptions = {},
  ): Promise<void> {
    const payload = payloadFor(message, options.contentType);
    await this.#hub.sendToGroup(
      this.groupName,
      payload,
      checkSendQuery(options),
      options.abortSignal,
    );
  }

  /** Lists the connections of this group, following `nextLink` page by page. */
  listConnections(options: GroupListConnectionsOptions = {}): ListConnectionsResult {
    const query = {
      'api-version': this.#hub.apiVersion,
      maxpagesize: optionalInteger(
        options.maxPageSize,
        'options.maxPageSize',
        MAX_PAGE_SIZE_MIN,
        MAX_PAGE_SIZE_MAX,
      ),
      top: optionalInteger(options.top, 'options.top', TOP_MIN, TOP_MAX),
    };
    const { client, resolveLink } = this.#hub;
    /** A caller's continuation token, checked before any request: it receives the credential. */
    const endpoint = this.endpoint;
    const own = (token: unknown, name: string) => {
      const link = optionalString(token, name);
      if (link !== undefined && !resolveLink(link)) {
        throw new RangeError(`${name} must be a link on the endpoint's origin (${endpoint})`);
      }
      return link;
    };
    const start = own(options.continuationToken, 'options.continuationToken');
    const path = { hub: this.#hub.hub, group: this.groupName };
    const signal = options.abortSignal;
    async function* pages(link = start): AsyncGenerator<GroupMemberPage> {
      do {
        const url = link && resolveLink(link);
        if (link && !url) {
          throw new RestError(
            `The service answered a nextLink to ${new URL(link, endpoint).origin}, not the endpoint's origin; it is not followed, so no credential goes there`,
          );
        }
        // A nextLink is complete (it carries its own query), so it is requested as is.
        const next = url ? new URL(url) : undefined;
        const result: RawResult = next
          ? await client.get({
              security: [{ scheme: 'bearer', type: 'http' }],
              baseUrl: next.origin,
              url: `${next.pathname}${next.search}`,
              parseAs: 'json',
              signal,
            })
          : await webPubSubListConnectionsInGroup({ client, path, query, parseAs: 'json', signal });
        expectSuccess(result);
        const body = result.data as Partial<GroupMemberPagedValues> | undefined;
        if (!Array.isArray(body?.value)) {
          throw new RestError('The service answered a page without a value array', {
            code: RestError.PARSE_ERROR,
          });
        }
        const page: GroupMemberPage = body.value;
        link = body.nextLink || undefined;
        if (link) page.continuationToken = link;
        yield page;
      } while (link);
    }
    async function* members(): AsyncGenerator<WebPubSubGroupMember> {
      for await (const page of pages()) yield* page;
    }
    const iterator = members();
    const paged: PagedAsyncIterableIterator<WebPubSubGroupMember, GroupMemberPage> = {
      next: () => iterator.next(),
      [Symbol.asyncIterator]() {
        return this;
      },
      byPage: (settings = {}) =>
        pages(own(settings.continuationToken, 'settings.continuationToken') ?? start),
    };
    return Object.assign(Promise.resolve(paged), paged);
  }
}
