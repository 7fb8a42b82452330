/** The providers the contract suite knows: where the bundled spec is, the case table, and the client facts. */
import type { ProviderDefinition } from "../../src/core/create-client.js";
import { browserUse } from "../../src/browser-use/provider.js";
import { browserUseCases } from "../browser-use/cases.js";
import type { ContractCase } from "./types.js";

/** One provider of the contract suite. */
export interface ContractProvider {
  definition: ProviderDefinition;
  /** The bundled spec Prism serves and the checks read. */
  specPath: string;
  cases: readonly ContractCase[];
}

/** Every provider, in report order. */
export const CONTRACT_PROVIDERS: readonly ContractProvider[] = [
  { definition: browserUse, specPath: "generated/browser-use/openapi.json", cases: browserUseCases },
];

/** The key sent to a mock (Prism only checks that the auth header is present). */
export const MOCK_API_KEY = "mock-api-key-not-a-secret";
