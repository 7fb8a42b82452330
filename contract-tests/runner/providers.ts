/** The providers the contract suite knows: where the bundled spec is, the case table, and the client facts. */
import type { ProviderDefinition } from "../../src/core/create-client.js";
import { browserUse } from "../../src/browser-use/provider.js";
import { browserbase } from "../../src/browserbase/provider.js";
import { ORG_ID_ENV } from "../../src/everruns/client.js";
import { everruns } from "../../src/everruns/provider.js";
import { thinkrun } from "../../src/thinkrun/provider.js";
import { browserUseCases } from "../browser-use/cases.js";
import { browserbaseCases } from "../browserbase/cases.js";
import { everrunsCases } from "../everruns/cases.js";
import { thinkrunCases } from "../thinkrun/cases.js";
import { bundledSpecPath } from "./spec-files.js";
import type { ContractCase } from "./types.js";

/** One provider of the contract suite. */
export interface ContractProvider {
  definition: ProviderDefinition;
  /** The bundled spec Prism serves and the checks read (an absolute path). */
  specPath: string;
  cases: readonly ContractCase[];
  /** Headers the client sends from env vars when they are set, by header name -> env var; a live run sends them too. */
  envHeaders?: Readonly<Record<string, string>>;
}

/** Every provider, in report order. */
export const CONTRACT_PROVIDERS: readonly ContractProvider[] = [
  { definition: browserUse, specPath: bundledSpecPath("browser-use"), cases: browserUseCases },
  { definition: browserbase, specPath: bundledSpecPath("browserbase"), cases: browserbaseCases },
  { definition: thinkrun, specPath: bundledSpecPath("thinkrun"), cases: thinkrunCases },
  { definition: everruns, specPath: bundledSpecPath("everruns"), cases: everrunsCases, envHeaders: { "X-Org-Id": ORG_ID_ENV } },
];

/** The key sent to a mock (Prism only checks that the auth header is present). */
export const MOCK_API_KEY = "mock-api-key-not-a-secret";
