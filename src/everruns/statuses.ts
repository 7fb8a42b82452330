/** Session statuses, checked against the generated enum. */
import type { components } from "../../generated/everruns/schema.js";

/** A status value the spec knows (`started`, `active`, `idle`); responses may carry others. */
export type KnownSessionStatus = components["schemas"]["SessionStatus"];
/** A session as the API returns it. */
export type Session = components["schemas"]["Session"];

/**
 * Statuses in which no turn is running: the session waits for the next message. Everruns sessions have
 * no final status (a session takes messages until deleted), so "terminal" here means "the turn is over".
 */
export const TURN_OVER_STATUSES = ["idle"] as const satisfies readonly KnownSessionStatus[];

/** True when no turn is running (status `idle`). `started` is not: the first turn has not run yet. */
export function isTurnOver(session: Pick<Session, "status">): boolean {
  return (TURN_OVER_STATUSES as readonly string[]).includes(session.status);
}
