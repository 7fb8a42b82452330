/** What every check receives. */
import type { SpecIndex, SpecOperation } from "../runner/spec-index.js";
import type { CheckFailure, ContractCase, ObservedResponse, Target } from "../runner/types.js";

/** The inputs of a check. */
export interface CheckContext {
  spec: SpecIndex;
  operation: SpecOperation;
  contractCase: ContractCase;
  response: ObservedResponse;
  target: Target;
}

/** A check: one small named function; returns its failures (empty when it passes or does not apply). */
export type Check = (ctx: CheckContext) => CheckFailure[];
