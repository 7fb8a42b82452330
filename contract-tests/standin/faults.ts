/** Faults a stand-in injects into the requests it receives: which requests, and what happens to them. */

/** What a fault does to a request it matches. */
export type FaultAction =
  /** Close the connection before anything reaches the API behind the stand-in. */
  | "drop-request"
  /** Let the API handle the request (a create does create), then close the connection without an answer. */
  | "drop-response"
  /** Answer this status and JSON body instead of the API. */
  | { status: number; body?: unknown; headers?: Record<string, string> };

/** One fault: the requests it matches and its action. */
export interface Fault {
  /** Matches requests of this operation (as the stand-in's spec names it); absent matches every operation. */
  operationId?: string;
  /** Matches requests with this method (`POST`); absent matches every method. */
  method?: string;
  /** The first matching request the fault applies to, 1-based. Default 1. */
  nth?: number;
  /** How many matching requests, from the `nth`, it applies to. Default 1; `Infinity` for all. */
  times?: number;
  action: FaultAction;
}

/** A fault with its count of matching requests seen so far. */
export interface ArmedFault {
  fault: Fault;
  seen: number;
}

/** The action of the first armed fault that applies to this request (counting the request for every fault it matches). */
export function faultFor(faults: ArmedFault[], request: { method: string; operationId?: string }): FaultAction | undefined {
  let action: FaultAction | undefined;
  for (const armed of faults) {
    const { operationId, method, nth = 1, times = 1 } = armed.fault;
    if (operationId !== undefined && operationId !== request.operationId) continue;
    if (method !== undefined && method.toUpperCase() !== request.method.toUpperCase()) continue;
    armed.seen++;
    if (action === undefined && armed.seen >= nth && armed.seen < nth + times) action = armed.fault.action;
  }
  return action;
}

/** A fault's action as one word for the log: `drop-request`, `drop-response`, `status 500`. */
export function describeAction(action: FaultAction): string {
  return typeof action === "string" ? action : `status ${action.status}`;
}
