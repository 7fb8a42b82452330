/** Offset pagination (`offset` / `limit`, `total`, optional `hasMore`) as an async iterator of items. */
import { AbortError } from "../core/errors.js";
import { pageGuard } from "../core/page-guard.js";

/** One page as the iterator needs it. `hasMore` is absent where the API has none (the action log). */
export interface OffsetPage<Item> {
  items: readonly Item[];
  /** Items across all pages (a server may leave it out). */
  total: number | undefined;
  hasMore?: boolean;
}

/** Loads the page that starts at `offset` with at most `limit` items. */
export type OffsetPageLoader<Item> = (offset: number, limit: number, signal: AbortSignal | undefined) => Promise<OffsetPage<Item>>;

/** Settings of {@link paginateOffset}. */
export interface PaginateOffsetOptions {
  provider: string;
  /** Label used in the abort error, e.g. `sessions.listAll`. */
  operation: string;
  /** Items requested per page. */
  pageSize: number;
  /** Offset of the first page. Default 0. */
  startOffset?: number;
  /** Stops the iteration with an `AbortError` (checked before every page and every item). */
  signal?: AbortSignal | undefined;
  /** Loads at most this many pages. Default no cap. */
  maxPages?: number | undefined;
}

/**
 * Yields every item from `startOffset` on, one page at a time. Stops on `hasMore: false`, on an empty page,
 * or once `total` items are behind it, whichever comes first: any one of them ends a well-behaved list. It
 * also stops before a page identical to the previous one (a server that ignores `offset`, whose `total` and
 * `hasMore` never say stop) and after `maxPages` pages.
 */
export async function* paginateOffset<Item>(loadPage: OffsetPageLoader<Item>, options: PaginateOffsetOptions): AsyncGenerator<Item, void, undefined> {
  const { signal } = options;
  const checkAborted = () => {
    if (signal?.aborted) {
      throw new AbortError(`${options.provider} ${options.operation}: iteration aborted by the caller`, {
        provider: options.provider,
        operation: options.operation,
        cause: signal.reason,
      });
    }
  };
  const guard = pageGuard(options.maxPages);
  let offset = options.startOffset ?? 0;
  while (guard.mayLoad()) {
    checkAborted();
    const page = await loadPage(offset, options.pageSize, signal);
    if (!guard.isNew(page.items)) return;
    for (const item of page.items) {
      checkAborted();
      yield item;
    }
    // Advance by what arrived, not by the page size: a server may send fewer items than asked for.
    offset += page.items.length;
    if (page.items.length === 0 || page.hasMore === false || (page.total !== undefined && offset >= page.total)) return;
  }
}
