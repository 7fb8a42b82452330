/** Walks a cursor-paginated list (`{data, nextCursor}`) one item at a time. */
import { walkPages } from "../core/walk-pages.js";

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

/** Yields every item of every page, following `nextCursor`, with the stop rules of {@link walkPages}. */
export function iterateCursor<Item>(source: CursorSource<Item>, start: CursorWalk = {}): AsyncGenerator<Item, void, undefined> {
  return walkPages<Item, string | undefined>(
    {
      provider: source.provider,
      operation: source.operation,
      start: start.cursor,
      load: async (cursor, signal) => {
        const page = await source.loadPage(cursor, signal);
        return { items: page.data, next: page.nextCursor ?? undefined };
      },
    },
    start,
  );
}
