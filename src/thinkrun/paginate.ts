/** Offset pagination (`offset` / `limit`, `total`, optional `hasMore`) as an async iterator of items. */
import { listOf, walkPages } from "../core/walk-pages.js";

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
  startOffset?: number | undefined;
  /** Stops the iteration with an `AbortError` (checked before every page and every item). */
  signal?: AbortSignal | undefined;
  /** Loads at most this many pages. Default no cap. */
  maxPages?: number | undefined;
}

/**
 * Yields every item from `startOffset` on, one page at a time. Stops on `hasMore: false`, on an empty page,
 * or once `total` items are behind it, whichever comes first, and on the guard rules of {@link walkPages}
 * (a page identical to the previous one, `maxPages`).
 */
export function paginateOffset<Item>(loadPage: OffsetPageLoader<Item>, options: PaginateOffsetOptions): AsyncGenerator<Item, void, undefined> {
  return walkPages<Item, number>(
    {
      provider: options.provider,
      operation: options.operation,
      start: options.startOffset ?? 0,
      load: async (offset, signal) => {
        const page = await loadPage(offset, options.pageSize, signal);
        const items = listOf(page.items, options.provider, options.operation);
        // Advance by what arrived, not by the page size: a server may send fewer items than asked for.
        const next = offset + items.length;
        const last = page.hasMore === false || (page.total !== undefined && next >= page.total);
        return { items, next: last ? undefined : next };
      },
    },
    options,
  );
}
