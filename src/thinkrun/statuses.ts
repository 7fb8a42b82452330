/** Session statuses, checked against the generated enum. */
import type { components } from "../../generated/thinkrun/schema.js";

/** A status value the spec knows (responses may carry others: the field is an open enum). */
export type KnownSessionStatus = components["schemas"]["SessionStatus"];
/** A session as `GET /api/sessions/{sessionId}` returns it. */
export type Session = components["schemas"]["Session"];
/** A session as the list returns it. */
export type SessionSummary = components["schemas"]["SessionSummary"];

/** Statuses of a terminated session: it never changes again (what `includeTerminated` adds to the list). */
export const TERMINAL_SESSION_STATUSES = ["completed", "failed", "cancelled"] as const satisfies readonly KnownSessionStatus[];

/** Statuses in which the session's browser is up and accepts work. */
export const READY_SESSION_STATUSES = ["ready", "running"] as const satisfies readonly KnownSessionStatus[];

/** True when the session is terminated (`completed`, `failed` or `cancelled`). */
export function isTerminalSession(session: Pick<Session, "status">): boolean {
  return (TERMINAL_SESSION_STATUSES as readonly string[]).includes(session.status);
}

/** True when the session's browser is up (`ready` or `running`). */
export function isSessionReady(session: Pick<Session, "status">): boolean {
  return (READY_SESSION_STATUSES as readonly string[]).includes(session.status);
}
