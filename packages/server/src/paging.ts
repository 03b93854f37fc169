// Paged listings that follow the service's `nextLink`: iterate the items one by one, or whole pages
// with `byPage()`, as in `@azure/core-paging`. Shared by Web PubSub's group.listConnections and
// SignalR's listConnectionsInGroup.
import type { Client } from '@hubcast/webpubsub-rest';
import { RestError } from './errors.js';
import { expectSuccess, type RawResult } from './transport.js';
import {
  MAX_PAGE_SIZE_MAX,
  MAX_PAGE_SIZE_MIN,
  optionalInteger,
  optionalString,
  TOP_MAX,
  TOP_MIN,
} from './validation.js';
import type { OperationOptions } from './webpubsub/context.js';

/** Options of a paged listing of a group's connections. */
export interface ListConnectionsOptions extends OperationOptions {
  /** Connections per page, 1–200. */
  maxPageSize?: number;
  /** Stop after this many connections in all. */
  top?: number;
  /** Start from this `nextLink`, as returned on a page's `continuationToken`. */
  continuationToken?: string;
}

/** The checked listing options: the first page's query values and where to start. */
export function checkListOptions(options: ListConnectionsOptions) {
  return {
    maxpagesize: optionalInteger(
      options.maxPageSize,
      'options.maxPageSize',
      MAX_PAGE_SIZE_MIN,
      MAX_PAGE_SIZE_MAX,
    ),
    top: optionalInteger(options.top, 'options.top', TOP_MIN, TOP_MAX),
    start: optionalString(options.continuationToken, 'options.continuationToken'),
  };
}

/** Iterates items one by one, or page by page with `byPage()`, as in `@azure/core-paging`. */
export interface PagedAsyncIterableIterator<T, P> extends AsyncIterableIterator<T> {
  /** Iterates whole pages, starting from `continuationToken` if given. */
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<P>;
}

/** A page of items; `continuationToken` is the link to the next page, if any. */
export type Page<T> = T[] & {
  /** Link to the next page; absent on the last page. */
  continuationToken?: string;
};

/** Fetches the first page (`link` undefined) or the page at a `nextLink`. */
export type PageFetcher = (link: string | undefined) => Promise<RawResult>;

/** GETs a complete `nextLink` as is: it carries its own query. */
export function getLink(
  client: Pick<Client, 'get'>,
  link: string,
  signal: AbortSignal | undefined,
): Promise<RawResult> {
  const url = new URL(link);
  return client.get({
    security: [{ scheme: 'bearer', type: 'http' }],
    baseUrl: url.origin,
    url: `${url.pathname}${url.search}`,
    parseAs: 'json',
    signal,
  });
}

/**
 * The paged listing behind `fetchPage`. `start` resumes from a continuation token; `top` stops after
 * that many items in all, even if the service sends more.
 */
export function pagedList<T>(
  fetchPage: PageFetcher,
  start?: string,
  top?: number,
): PagedAsyncIterableIterator<T, Page<T>> {
  async function* pages(link = start): AsyncGenerator<Page<T>> {
    let remaining = top;
    do {
      const result = await fetchPage(link);
      expectSuccess(result);
      const body = result.data as { value?: unknown; nextLink?: unknown } | undefined;
      if (!Array.isArray(body?.value)) {
        throw new RestError('The service answered a page without a value array', {
          code: RestError.PARSE_ERROR,
        });
      }
      let page = body.value as Page<T>;
      if (remaining !== undefined) {
        if (page.length > remaining) page = page.slice(0, remaining);
        remaining -= page.length;
      }
      link = typeof body.nextLink === 'string' && body.nextLink !== '' ? body.nextLink : undefined;
      if (remaining === 0) link = undefined;
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
    byPage: (settings = {}) => pages(settings.continuationToken ?? start),
  };
}
