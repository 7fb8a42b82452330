/** The options every `listAll…` iterator takes as its last argument. */
import type { CallOptions } from "./call-options.js";

/** Per-call options for each page request, plus a page cap; an abort ends the walk with an `AbortError`. */
export interface ListAllOptions extends CallOptions {
  /** Loads at most this many pages. Default no cap (the walk still stops on a repeated position or page). */
  maxPages?: number | undefined;
}
