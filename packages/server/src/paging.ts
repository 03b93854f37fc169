// Paged listings that follow the service's `nextLink`: iterate the items one by one, or whole pages
// with `byPage()`, as in `@azure/core-paging`. Shared by Web PubSub's group.listConnections and
// SignalR's listConnectionsInGroup.
import type { Client } from '@hubcast/webpubsub-rest';
import { RestError } from './errors.js';
import type { OperationOptions } from './operation-options.js';
import { callOptions, expectSuccess, type RawResult } from './transport.js';
import {
  MAX_PAGE_SIZE_MAX,
  MAX_PAGE_SIZE_MIN,
  optionalInteger,
  optionalString,
  TOP_MAX,
  TOP_MIN,
} from './validation.js';

/** Options of a paged listing of a group's connections. */
export interface ListConnectionsOptions extends OperationOptions {
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

/** The checked listing options: the first page's query values and where to start. */
export function checkListOptions(options: ListConnectionsOptions, links: LinkPolicy) {
  return {
    maxpagesize: optionalInteger(
      options.maxPageSize,
      'options.maxPageSize',
      MAX_PAGE_SIZE_MIN,
      MAX_PAGE_SIZE_MAX,
    ),
    top: optionalInteger(options.top, 'options.top', TOP_MIN, TOP_MAX),
    start: ownToken(options.continuationToken, 'options.continuationToken', links),
  };
}

/** Iterates items one by one, or page by page with `byPage()`, as in `@azure/core-paging`. */
export interface PagedAsyncIterableIterator<T, P> extends AsyncIterableIterator<T> {
  /** Iterates whole pages, starting from `continuationToken` if given. */
  byPage(settings?: PageSettings): AsyncIterableIterator<P>;
}

/** Settings of `byPage()`, as in `@azure/core-paging`. */
export interface PageSettings {
  /** Resume from this page link (a page's `continuationToken`). */
  continuationToken?: string;
  /**
   * Not supported here, as in `@azure/web-pubsub`: passing it throws a RangeError. Set the page size
   * with the listing's own `maxPageSize` option.
   */
  maxPageSize?: number;
}

/** A page of items; `continuationToken` is the link to the next page, if any. */
export type Page<T> = T[] & {
  /** Link to the next page; absent on the last page. */
  continuationToken?: string;
};

/**
 * Where a listing's links may lead. A `nextLink` (or a caller's continuation token) is requested with
 * the credential, so only links on the endpoint's origin (or the reverse proxy's) are followed.
 */
export interface LinkPolicy {
  /** The endpoint, for error messages. */
  readonly endpoint: string;
  /** The URL to request for a link, or undefined when it leads elsewhere. */
  readonly resolve: (link: string) => string | undefined;
}

/** A caller's continuation token, checked before any request: it receives the credential. */
export function ownToken(token: unknown, name: string, links: LinkPolicy): string | undefined {
  const link = optionalString(token, name);
  if (link !== undefined && !links.resolve(link)) {
    throw new RangeError(`${name} must be a link on the endpoint's origin (${links.endpoint})`);
  }
  return link;
}

/** Where a listing's pages come from. */
export interface PageSource {
  /** Requests the first page. */
  readonly first: () => Promise<RawResult>;
  readonly client: Pick<Client, 'get'>;
  readonly links: LinkPolicy;
  /** The listing's call options (abort signal, request options, onResponse). */
  readonly options?: OperationOptions;
}

/** GETs a complete `nextLink` as is: it carries its own query. */
function getLink(source: PageSource, link: string): Promise<RawResult> {
  const url = source.links.resolve(link);
  if (!url) {
    throw new RestError(
      `The service answered a nextLink to ${new URL(link, source.links.endpoint).origin}, not the endpoint's origin; it is not followed, so no credential goes there`,
    );
  }
  const next = new URL(url);
  return source.client.get({
    security: [{ scheme: 'bearer', type: 'http' }],
    baseUrl: next.origin,
    url: `${next.pathname}${next.search}`,
    parseAs: 'json',
    ...callOptions(source.options),
  });
}

/**
 * The paged listing of `source`. `start` resumes from a checked continuation token; `top` stops after
 * that many items in all, even if the service sends more.
 */
export function pagedList<T>(
  source: PageSource,
  start?: string,
  top?: number,
): PagedAsyncIterableIterator<T, Page<T>> {
  async function* pages(link = start): AsyncGenerator<Page<T>> {
    let remaining = top;
    do {
      const result = link ? await getLink(source, link) : await source.first();
      expectSuccess(result);
      const body = result.data as { value?: unknown; nextLink?: unknown } | undefined;
      if (!Array.isArray(body?.value)) {
        throw new RestError('The service answered a page without a value array', {
          code: RestError.PARSE_ERROR,
        });
      }
      let page = body.value as Page<T>;
      link = (body.nextLink as string | undefined) || undefined;
      if (remaining !== undefined) {
        page = page.slice(0, remaining);
        remaining -= page.length;
        if (!remaining) link = undefined;
      }
      if (link) page.continuationToken = link;
      yield page;
    } while (link);
  }
  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page;
  }
  const iterator = items();
  return {
    next: () => iterator.next(),
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage: (settings = {}) => {
      if (settings.maxPageSize !== undefined) {
        throw new RangeError(
          "settings.maxPageSize is not supported by byPage; set the listing's maxPageSize option",
        );
      }
      return pages(
        ownToken(settings.continuationToken, 'settings.continuationToken', source.links) ?? start,
      );
    },
  };
}
