/**
 * Examples are test data: a response example that breaks the schema must fail lint. Proven on a copy of
 * the spec whose failed-run example gets a `cause.code` one character over the 64-character limit.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lint, loadConfig, type NormalizedProblem } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const SPEC_DIR = "openapi/browserbase";
const FAILED_RUN_EXAMPLE = "components/examples/AgentRunFailed.yaml";
const CAUSE_CODE_MAX_CHARS = 64;

// The same rules as `npm run generate`: redocly.yaml, resolved for the browserbase API.
async function lintSpec(root: string): Promise<NormalizedProblem[]> {
  const config = await loadConfig({ configPath: "redocly.yaml" });
  return lint({ ref: root, config: config.forAlias("browserbase") });
}

describe("lint of the browserbase spec", () => {
  let copy: string;

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), "browserbase-spec-"));
    await cp(SPEC_DIR, copy, { recursive: true });
    const examplePath = join(copy, FAILED_RUN_EXAMPLE);
    const original = await readFile(examplePath, "utf8");
    const mutated = original.replace("code: LOGIN_FAILED", `code: ${"X".repeat(CAUSE_CODE_MAX_CHARS + 1)}`);
    if (mutated === original) throw new Error(`${FAILED_RUN_EXAMPLE} no longer has cause.code LOGIN_FAILED: update this test`);
    await writeFile(examplePath, mutated);
  });

  afterAll(async () => {
    await rm(copy, { recursive: true, force: true });
  });

  it("reports no problem at all for the spec as committed", async () => {
    const problems = await lintSpec(join(SPEC_DIR, "openapi.yaml"));
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message}`)).toEqual([]);
  });

  it("rejects a response example whose cause.code is 65 characters", async () => {
    const problems = await lintSpec(join(copy, "openapi.yaml"));
    // The only problem of the copy is the mutation: one error from the example rule.
    const found = problems.filter((p) => p.ruleId === "no-invalid-media-type-examples" && p.severity === "error");
    expect(problems).toHaveLength(1);
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toContain(`\`code\` property must NOT have more than ${CAUSE_CODE_MAX_CHARS} characters`);
    const where = found[0]?.location[0];
    expect(where?.source.absoluteRef.endsWith(FAILED_RUN_EXAMPLE)).toBe(true);
    expect(where?.pointer).toBe("#/value/cause/code");
  });
});
