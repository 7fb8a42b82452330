/** Session statuses, checked against the generated enum. */
import type { components } from "../../generated/browser-use/schema.js";

/** A status value the spec knows. */
export type KnownSessionStatus = components["schemas"]["SessionStatus"];
/** A session as the API returns it. */
export type Session = components["schemas"]["SessionResponse"];

/** Statuses after which a session never changes again. */
export const TERMINAL_SESSION_STATUSES = ["stopped", "timed_out", "error"] as const satisfies readonly KnownSessionStatus[];

/** True when the session can no longer change. */
export function isTerminalSession(session: Pick<Session, "status">): boolean {
  return (TERMINAL_SESSION_STATUSES as readonly string[]).includes(session.status);
}

/**
 * True when the dispatched task is over: the session is terminal, or (with `keepAlive`) back to `idle`
 * with a task result (`isTaskSuccessful` is no longer null).
 */
export function isTaskFinished(session: Pick<Session, "status" | "isTaskSuccessful">): boolean {
  return isTerminalSession(session) || (session.status === "idle" && session.isTaskSuccessful !== null);
}
