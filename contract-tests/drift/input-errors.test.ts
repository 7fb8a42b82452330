/** Bad recorded traffic and bad allow-lists: one-line errors naming the file and the line or entry, exit code 2. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_PROVIDERS } from "../runner/providers.js";
import { InputError } from "../runner/input-files.js";
import { AllowlistError, loadAllowlist } from "./allowlist.js";
import { allowlistSpecs } from "./drift-run.js";
import { replayTraffic } from "./replay.js";

const dir = mkdtempSync(join(tmpdir(), "drift-input-"));
const browserUse = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!;
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

function inputError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
}

const specs = allowlistSpecs(CONTRACT_PROVIDERS);
const replay = (file: string) => () => replayTraffic({ provider: browserUse, file, outDir: join(dir, "out"), env: {} });

describe("recorded traffic files", () => {
  it("a HAR whose entries is not an array is reported as a HAR, not as NDJSON", () => {
    const file = write("bad-entries.har", JSON.stringify({ log: { version: "1.2", entries: { first: {} } } }, null, 2));
    expect(inputError(replay(file))).toBe(`traffic file ${file}: a HAR file needs log.entries to be an array, got an object`);
  });

  it("a HAR entry without a request or a response names the entry", () => {
    const file = write("bad-entry.har", JSON.stringify({ log: { entries: [{ request: { method: "GET", url: "http://x.test/sessions" }, response: { status: 200 } }, { request: {} }] } }));
    expect(inputError(replay(file))).toBe(`traffic file ${file}: HAR entry 2 has no response object`);
  });

  it("a pretty-printed HAR with a syntax error names the line and column", () => {
    const file = write("broken.har", '{\n  "log": {\n    "entries": [\n      { "request": {}, }\n    ]\n  }\n}\n');
    expect(inputError(replay(file))).toMatch(new RegExp(`^traffic file ${file}: not valid JSON at line 4, column 24: unexpected "}"`));
  });

  it("an NDJSON line that is not JSON names the file and the line", () => {
    const pair = JSON.stringify({ request: { method: "GET", url: "http://x.test/sessions" }, response: { status: 200, body: {} } });
    const file = write("bad.ndjson", `${pair}\n${pair}\nnot json\n`);
    expect(inputError(replay(file))).toMatch(new RegExp(`^traffic file ${file}: line 3: not JSON`));
  });

  it("a missing traffic file and a folder are named by their resolved path", () => {
    expect(inputError(replay(join(dir, "nope.har")))).toBe(`traffic file ${join(dir, "nope.har")} not found`);
    expect(inputError(replay(dir))).toBe(`traffic file ${dir} is a folder, not a file`);
  });
});

describe("allow-list files", () => {
  it("an AllowlistError is an InputError: exit code 2", () => {
    expect(new AllowlistError("x.json", "bad")).toBeInstanceOf(InputError);
  });

  it("bad JSON names the allow-list file and the line", () => {
    const file = write("allow.json", '{\n  "entries": [\n    { "provider": "browser-use" "reason": "x" }\n  ]\n}\n');
    expect(inputError(() => loadAllowlist(file, specs))).toMatch(new RegExp(`^${file}: not valid JSON at line 3, column 33`));
  });

  it("bad YAML names the allow-list file and the line", () => {
    const file = write("allow.yaml", "entries:\n  - provider: browser-use\n   reason: x\n");
    expect(inputError(() => loadAllowlist(file, specs))).toMatch(new RegExp(`^${file}: not valid YAML at line 3`));
  });

  it("a given allow-list that is missing or a folder is named by its resolved path", () => {
    expect(inputError(() => loadAllowlist(join(dir, "none.json"), specs))).toBe(`${join(dir, "none.json")}: not found`);
    expect(inputError(() => loadAllowlist(dir, specs))).toBe(`${dir}: is a folder, not a file`);
  });
});
