/** browserbase contract cases (to be filled in). */
import type { ContractCase } from "../runner/types.js";

export const browserbaseCases: readonly ContractCase[] = [];
