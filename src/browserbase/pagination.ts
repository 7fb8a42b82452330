/** Walks a cursor-paginated list (`{data, nextCursor}`) one item at a time. */
import { AbortError } from "../core/errors.js";

/** One page of a cursor-paginated list. */
export interface CursorPage<Item> {
  data: Item[];
  /** Cursor of the next page; `null` on the last page. */
  nextCursor: string | null;
}

/** What {@link iterateCursor} needs: who is asking (for errors) and how to load one page. */
export interface CursorSource<Item> {
  provider: string;
  operation: string;
  /** Loads the page at `cursor` (`undefined` for the first page), honouring the signal. */
  loadPage: (cursor: string | undefined, signal: AbortSignal | undefined) => Promise<CursorPage<Item>>;
}

/**
 * Yields every item of every page, following `nextCursor`. Stops after a page whose `nextCursor` is null
 * or whose `data` is empty. An abort throws `AbortError`: a list cut short must not look complete.
 */
export async function* iterateCursor<Item>(source: CursorSource<Item>, start: { cursor?: string; signal?: AbortSignal } = {}): AsyncGenerator<Item, void, undefined> {
  const { signal } = start;
  const abortIfAsked = () => {
    if (signal?.aborted) {
      throw new AbortError(`${source.provider} ${source.operation}: listing aborted by the caller`, {
        provider: source.provider,
        operation: source.operation,
        cause: signal.reason,
      });
    }
  };
  let cursor = start.cursor;
  for (;;) {
    abortIfAsked();
    const page = await source.loadPage(cursor, signal);
    for (const item of page.data) {
      abortIfAsked();
      yield item;
    }
    // An empty page ends the walk even with a cursor: following it could loop forever on a server bug.
    if (page.nextCursor === null || page.data.length === 0) return;
    cursor = page.nextCursor;
  }
}
