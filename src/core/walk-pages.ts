/**
 * The one paginator every `listAll…` iterator is built on, whatever the API's position is (a cursor, an
 * offset, a page number, the last id seen): it follows positions page after page, yields each item, and
 * stops where a server could otherwise keep it going forever. It remembers the positions it followed, the
 * previous page, and how many pages it loaded: a position seen before, or a page identical to the previous
 * one, brings nothing new (the server ignores the cursor or offset), so the walk ends there, quietly:
 * everything the server offered has been yielded once.
 */
import { checkedNumber } from "./check-option.js";
import { AbortError, MalformedResponseError } from "./errors.js";

/**
 * `items` when it is an array; else throws the `MalformedResponseError` of a page whose list is missing or not a list
 * (a renamed or changed field). Unchecked, such a page crashed a walk with a TypeError, or ended it as if empty.
 */
export function listOf<Item>(items: readonly Item[], provider: string, operation: string): readonly Item[] {
  if (Array.isArray(items)) return items;
  throw new MalformedResponseError(`${provider} ${operation}: a page's list is not an array (got ${typeof items})`, { provider, operation });
}

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
 * Yields every item of every page; a page whose items are not an array throws `MalformedResponseError`. Stops after an empty page, a page with no next position, or one whose
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
  const followed = new Set<string>();
  // Records a position about to be followed; false when it was followed (or started from) before.
  const isNewPosition = (position: Position) => {
    const key = JSON.stringify(position) ?? "";
    return !followed.has(key) && !!followed.add(key);
  };
  let previous: string | undefined;
  let position = source.start;
  isNewPosition(position);
  const maxPages = checkedNumber({ provider: source.provider, operation: source.operation }, "maxPages", limits.maxPages, 1, true) ?? Number.POSITIVE_INFINITY;
  for (let pages = 0; pages < maxPages; pages++) {
    abortIfAsked();
    const page = await source.load(position, signal);
    const items = listOf(page.items, source.provider, source.operation);
    // Pages are compared whole, as JSON: a page of the same items in the same order is the same page.
    const print = JSON.stringify(items);
    if (print === previous) return;
    previous = print;
    for (const item of items) {
      abortIfAsked();
      yield item;
    }
    // An empty page ends the walk even with a next position: following it could loop forever on a server bug.
    if (page.next === undefined || items.length === 0 || !isNewPosition(page.next)) return;
    position = page.next;
  }
}
