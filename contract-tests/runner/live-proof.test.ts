/** Proof of the live mode against stand-in live APIs on 127.0.0.1 (Prism behind the recording proxy). */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runLiveDrift } from "../drift/live-run.js";
import { startStandin, type Standin } from "../standin/index.js";
import { CONTRACT_PROVIDERS } from "./providers.js";

const dir = mkdtempSync(join(tmpdir(), "live-proof-"));
const browserbase = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browserbase")!;
const KEY = "bb-FAKE-live-proof-key-5d1c";
let standin: Standin;

beforeAll(async () => {
  standin = await startStandin({ spec: browserbase.specPath, upstream: inject("mockUrls").browserbase, apiKeys: [KEY] });
});
afterAll(() => standin?.stop());

describe("live mode on a stand-in Browserbase", () => {
  it("every agent and run the run created is stopped or deleted with the id the create returned", async () => {
    await runLiveDrift({ providers: [browserbase], env: { BROWSERBASE_API_KEY: KEY, BROWSERBASE_BASE_URL: standin.url }, outDir: join(dir, "bb") });
    const agent = standin.log.find((e) => e.operationId === "createAgent")!.issued["/agentId"]!;
    const run = standin.log.find((e) => e.operationId === "createAgentRun")!.issued["/runId"]!;
    expect(standin.log.filter((e) => e.operationId === "deleteAgent").map((e) => e.pathParams.agentId)).toEqual([agent]);
    expect(standin.log.filter((e) => e.operationId === "stopAgentRun").map((e) => e.pathParams.runId)).toEqual([run]);
  });
});
