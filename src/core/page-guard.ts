/**
 * What a paginator remembers so that a server cannot keep it going forever: the cursors it followed, the
 * previous page, and how many pages it loaded. A cursor seen before or a page identical to the previous one
 * brings nothing new (the server ignores the cursor or offset), so the walk ends there, quietly: everything
 * the server offered has been yielded once.
 */

/** The stop rules of one walk through a paginated list. */
export interface PageGuard {
  /** False once `maxPages` pages were loaded: do not load another. */
  mayLoad(): boolean;
  /** Records a loaded page; false when it repeats the previous page (then do not yield it). */
  isNew(items: readonly unknown[]): boolean;
  /** Records a cursor about to be followed; false when it was followed (or started from) before. */
  isNewCursor(cursor: string): boolean;
}

/** A guard for one walk; `maxPages` defaults to no cap. */
export function pageGuard(maxPages: number = Number.POSITIVE_INFINITY): PageGuard {
  const cursors = new Set<string>();
  let pages = 0;
  let previous: string | undefined;
  return {
    mayLoad: () => pages < maxPages,
    isNew(items) {
      pages++;
      // Pages are compared whole, as JSON: a page of the same items in the same order is the same page.
      const print = JSON.stringify(items);
      const repeated = print === previous;
      previous = print;
      return !repeated;
    },
    isNewCursor(cursor) {
      if (cursors.has(cursor)) return false;
      cursors.add(cursor);
      return true;
    },
  };
}
