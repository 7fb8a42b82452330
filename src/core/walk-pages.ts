/**
 * The one paginator every `listAll…` iterator is built on, whatever the API's position is (a cursor, an
 * offset, a page number, the last id seen): it follows positions page after page, yields each item, and
 * stops on the {@link pageGuard} rules, so no server can keep it going forever.
 */
import { AbortError } from "./errors.js";
import { pageGuard } from "./page-guard.js";

/** Loaded page: its items and where the next page starts (`undefined`: this was the last page). */
export interface WalkedPage<Item, Position> {
  items: readonly Item[];
  next: Position | undefined;
}

/** What {@link walkPages} walks. */
export interface PageWalkSource<Item, Position> {
  provider: string;
  /** Label of the walk in errors, e.g. `sessions.listAll`. */
  operation: string;
  /** Position of the first page. */
  start: Position;
  /** Loads the page at `position`, honouring the signal. */
  load: (position: Position, signal: AbortSignal | undefined) => Promise<WalkedPage<Item, Position>>;
}

/** How far {@link walkPages} may go. */
export interface PageWalkLimits {
  /** Ends the walk with an `AbortError` (checked before every page and every item). */
  signal?: AbortSignal | undefined;
  /** Loads at most this many pages. Default no cap. */
  maxPages?: number | undefined;
}

/**
 * Yields every item of every page. Stops after an empty page, a page with no next position, or one whose
 * next position was followed (or started from) before; before a page identical to the previous one (a
 * server that ignores the position); and after `maxPages` pages. An abort throws `AbortError`: a list cut
 * short must not look complete.
 */
export async function* walkPages<Item, Position>(source: PageWalkSource<Item, Position>, limits: PageWalkLimits = {}): AsyncGenerator<Item, void, undefined> {
  const { signal } = limits;
  const abortIfAsked = () => {
    if (signal?.aborted) {
      throw new AbortError(`${source.provider} ${source.operation}: listing aborted by the caller`, {
        provider: source.provider,
        operation: source.operation,
        cause: signal.reason,
      });
    }
  };
  const guard = pageGuard(limits.maxPages);
  let position = source.start;
  guard.isNewCursor(JSON.stringify(position) ?? "");
  while (guard.mayLoad()) {
    abortIfAsked();
    const page = await source.load(position, signal);
    if (!guard.isNew(page.items)) return;
    for (const item of page.items) {
      abortIfAsked();
      yield item;
    }
    // An empty page ends the walk even with a next position: following it could loop forever on a server bug.
    if (page.next === undefined || page.items.length === 0 || !guard.isNewCursor(JSON.stringify(page.next))) return;
    position = page.next;
  }
}
