/**
 * `npm run generate` itself refuses a misplaced marker: the real script, in a scratch directory holding a copy of
 * one spec with the marker moved, and a redocly.yaml with the project's rules listing only that API. `--check`
 * writes nothing; the run stops at the marker check, before any output is compared.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const scratch = mkdtempSync(join(tmpdir(), "generate-markers-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `npm run generate -- --check` with `cwd` as the project directory; resolves with its exit code and output. */
function generateIn(cwd: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [resolve("node_modules/tsx/dist/cli.mjs"), resolve("scripts/generate.ts"), "--check"], { cwd });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((settle, fail) => {
    child.on("error", fail);
    child.on("close", (code) => settle({ code, output }));
  });
}

describe("npm run generate and x-page-size", () => {
  test("a marker on a boolean query parameter fails the run, naming the operation, the parameter's place and the reason", async () => {
    const config = readFileSync("redocly.yaml", "utf8");
    writeFileSync(join(scratch, "redocly.yaml"), `${config.slice(0, config.indexOf("\napis:"))}\napis:\n  thinkrun:\n    root: openapi/thinkrun/openapi.yaml\n`);
    cpSync("openapi/thinkrun", join(scratch, "openapi/thinkrun"), { recursive: true });
    const sessions = join(scratch, "openapi/thinkrun/paths/api_sessions.yaml");
    const parameter = "    - name: includeTerminated\n      in: query\n";
    const source = readFileSync(sessions, "utf8");
    expect(source).toContain(parameter);
    writeFileSync(sessions, source.replace(parameter, `${parameter}      x-page-size: true\n`));

    const { code, output } = await generateIn(scratch);
    expect(code).toBe(1);
    expect(output).toContain("FAIL  thinkrun: links and operation markers");
    expect(output).toContain(
      `GET /api/sessions (listSessions): x-page-size on parameter includeTerminated (#/paths/~1api~1sessions/get/parameters/2): its schema's type is "boolean", not "integer"`,
    );
    expect(output).toContain("GET /api/sessions (listSessions): x-page-size on 2 parameters (limit, includeTerminated); an operation has one page size");
  }, 120_000);
});
