/** scripts/run-bundled.mjs, the launcher of `npm run contract`, on entry files written for each test. */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const LAUNCHER = resolve("scripts/run-bundled.mjs");
// Node start-up and one esbuild run; generous for a loaded 2-core machine.
const TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function launch(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [LAUNCHER, ...args], { env: { ...process.env, ...env }, timeout: TIMEOUT_MS }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** A folder with these files (path -> content), e.g. an entry and the modules it imports. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "run-bundled-test-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("run-bundled", () => {
  it("runs a TypeScript entry with its own argv, each module's own import.meta.url and packages as Node resolves them", { timeout: TIMEOUT_MS }, async () => {
    const dir = project({
      "entry.ts": [
        'import { parse } from "yaml";',
        'import { nestedUrl } from "./lib/nested.js";',
        "const code: number = Number(process.argv[3]);",
        "console.log(JSON.stringify({ argv: process.argv.slice(2), entry: process.argv[1], url: import.meta.url, nestedUrl, yaml: parse('a: [1, 2]') }));",
        "process.exitCode = code;",
      ].join("\n"),
      "lib/nested.ts": "export const nestedUrl: string = new URL('./data.json', import.meta.url).href;\n",
    });
    const run = await launch([join(dir, "entry.ts"), "--flag", "3"]);
    expect(run.code, run.stderr).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({
      argv: ["--flag", "3"],
      entry: join(dir, "entry.ts"),
      url: pathToFileURL(join(dir, "entry.ts")).href,
      nestedUrl: pathToFileURL(join(dir, "lib", "data.json")).href,
      yaml: { a: [1, 2] },
    });
  });

  it("leaves the temp directory as empty as it found it: the bundle is not kept", { timeout: TIMEOUT_MS }, async () => {
    const dir = project({ "entry.ts": "console.log('ran');\n" });
    const temp = mkdtempSync(join(tmpdir(), "run-bundled-tmp-"));
    const run = await launch([join(dir, "entry.ts")], { TMPDIR: temp });
    expect([run.code, run.stdout]).toEqual([0, "ran\n"]);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("maps a stack trace to the TypeScript source line", { timeout: TIMEOUT_MS }, async () => {
    const dir = project({ "entry.ts": ["const value: number = 1;", "", "throw new Error(`thrown at ${value}`);"].join("\n") });
    const run = await launch([join(dir, "entry.ts")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("thrown at 1");
    expect(run.stderr).toContain(`${join(dir, "entry.ts")}:3`);
  });

  it("fails with exit 1 and the file and line of a syntax error, running nothing", { timeout: TIMEOUT_MS }, async () => {
    const dir = project({ "entry.ts": "console.log('ran');\nconst = 1;\n" });
    const run = await launch([join(dir, "entry.ts")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(new RegExp(`^run-bundled: .*entry\\.ts: .*entry\\.ts:2:\\d+: `));
  });

  it("refuses a module that uses import.meta beyond import.meta.url, naming it", { timeout: TIMEOUT_MS }, async () => {
    const dir = project({ "entry.ts": "import './lib/dir.js';\n", "lib/dir.ts": "console.log(import.meta.dirname);\n" });
    const run = await launch([join(dir, "entry.ts")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/lib\/dir\.ts uses import\.meta beyond import\.meta\.url/);
  });

  it("without an entry prints its usage and exits 1", { timeout: TIMEOUT_MS }, async () => {
    const run = await launch([]);
    expect([run.code, run.stderr]).toEqual([1, "usage: node scripts/run-bundled.mjs <entry.ts> [args...]\n"]);
  });
});
