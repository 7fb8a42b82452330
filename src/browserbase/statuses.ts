/** Run statuses, checked against the generated enum. */
import type { components } from "../../generated/browserbase/schema.js";

/** A status value the spec knows (UPPERCASE on the wire). */
export type KnownRunStatus = components["schemas"]["AgentRunStatus"];
/** An agent run as the API returns it. */
export type AgentRun = components["schemas"]["AgentRun"];
/** A saved agent as the API returns it. */
export type Agent = components["schemas"]["Agent"];
/** One entry of a run's message log. */
export type AgentRunMessage = components["schemas"]["AgentRunMessage"];

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES = ["COMPLETED", "FAILED", "STOPPED", "TIMED_OUT"] as const satisfies readonly KnownRunStatus[];

/** True when the run can no longer change. A status the spec does not know yet is not terminal. */
export function isTerminalRun(run: Pick<AgentRun, "status">): boolean {
  return (TERMINAL_RUN_STATUSES as readonly string[]).includes(run.status);
}
