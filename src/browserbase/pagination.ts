/** Walks a cursor-paginated list (`{data, nextCursor}`) one item at a time. */
import { AbortError } from "../core/errors.js";
import { pageGuard } from "../core/page-guard.js";

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

/** Where {@link iterateCursor} starts and when it stops early. */
export interface CursorWalk {
  /** Cursor of the first page; default the start of the list. */
  cursor?: string | undefined;
  /** Ends the walk with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Loads at most this many pages. Default no cap. */
  maxPages?: number | undefined;
}

/**
 * Yields every item of every page, following `nextCursor`. Stops after a page whose `nextCursor` is null,
 * whose `data` is empty, or whose `nextCursor` was followed before; before a page identical to the previous
 * one (a server that ignores the cursor); and after `maxPages` pages. An abort throws `AbortError`: a list
 * cut short must not look complete.
 */
export async function* iterateCursor<Item>(source: CursorSource<Item>, start: CursorWalk = {}): AsyncGenerator<Item, void, undefined> {
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
  const guard = pageGuard(start.maxPages);
  let cursor = start.cursor;
  if (cursor !== undefined) guard.isNewCursor(cursor);
  while (guard.mayLoad()) {
    abortIfAsked();
    const page = await source.loadPage(cursor, signal);
    if (!guard.isNew(page.data)) return;
    for (const item of page.data) {
      abortIfAsked();
      yield item;
    }
    // An empty page ends the walk even with a cursor: following it could loop forever on a server bug.
    if (page.nextCursor === null || page.data.length === 0 || !guard.isNewCursor(page.nextCursor)) return;
    cursor = page.nextCursor;
  }
}
