/**
 * Every flag of every command, valid and invalid, through the real commands as child processes (the
 * npm scripts' entry files, the bin, and `npm run` from a subfolder). A mistake exits 2 with one line
 * plus the usage and no stack trace; valid values do what the flag says. Live runs go to the vitest
 * global setup's Prism mock on 127.0.0.1.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, inject, it, vi } from "vitest";
import { CONTRACT_FLAGS } from "./contract-command.js";
import { DIFF_FLAGS } from "./diff-command.js";
import { REPLAY_FLAGS } from "./replay-command.js";

const ROOT = resolve(".");
// tsx's loader in this process (one node process per command; the tsx CLI would add a second).
const TSX_LOADER = import.meta.resolve("tsx");
const dir = mkdtempSync(join(tmpdir(), "cli-commands-"));
const KEY = "bu-FAKE-cli-table-key-51c0e7";
// tsx start-up plus the command; generous for a loaded 2-core machine.
const RUN_TIMEOUT_MS = 180_000;
// Child processes at once: enough to overlap start-up, few enough not to starve the other test files.
const PARALLEL = 3;

// Tests wait for a free slot and run several commands each: generous, never a timing assertion.
vi.setConfig({ testTimeout: 300_000 });

const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const spec = JSON.parse(readFileSync("generated/browser-use/openapi.json", "utf8"));
const allowlist = write("allow.json", JSON.stringify({ entries: [] }));
const badJson = write("bad.json", '{\n  "entries": [,]\n}\n');
const badEntriesHar = write("entries.har", JSON.stringify({ log: { entries: {} } }));
const session = spec.components.examples.SessionIdle.value;
const traffic = write(
  "staging.ndjson",
  `${JSON.stringify({ request: { method: "GET", url: `https://staging.example.test/bu/v3/sessions/${session.id}` }, response: { status: 200, headers: { "content-type": "application/json" }, body: session } })}\n`,
);
const reportFile = write("taken-as-file", "");
const breakingBase = (() => {
  const older = structuredClone(spec);
  // The older spec had one more response field: removing a response field is breaking.
  older.components.schemas.SessionResponse.properties.legacyField = { type: "string" };
  return write("older.json", JSON.stringify(older));
})();
const sameSpec = write("same.json", JSON.stringify(spec));

let running = 0;
const waiting: (() => void)[] = [];
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resume) => waiting.push(resume));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

// The child sees none of this process's keys, contract env vars or npm's INIT_CWD unless a row sets them.
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (/_API_KEY$|_BASE_URL$|_API_URL$|^CONTRACT_|^INIT_CWD$|^npm_/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
  return slot(
    () =>
      new Promise((done, fail) => {
        const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: childEnv(options.env), stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
        child.once("error", fail);
        child.once("close", (code) => {
          clearTimeout(timer);
          done({ code, stdout, stderr });
        });
      }),
  );
}

const SCRIPTS: Record<string, string> = {
  contract: "scripts/contract.ts",
  replay: "scripts/replay.ts",
  diff: "scripts/diff.ts",
  generate: "scripts/generate.ts",
  build: "scripts/build.ts",
  docs: "scripts/docs.ts",
  smoke: "scripts/smoke.ts",
  bench: "bench/run.ts",
  bin: "cli/bin.ts",
};
const script = (name: string, args: readonly string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv }) =>
  run(process.execPath, ["--import", TSX_LOADER, join(ROOT, SCRIPTS[name]!), ...args], options);

/** A usage error: exit 2, the command's one-line message first, then the usage; no stack trace. */
function expectUsageError(result: Result, command: string, message: string | RegExp): void {
  const detail = `${result.stdout}${result.stderr}`;
  expect(result.code, detail).toBe(2);
  const [first, blank, synopsis] = result.stderr.split("\n");
  if (typeof message === "string") expect(first).toBe(`${command}: ${message}`);
  else expect(first).toMatch(message);
  expect([blank, synopsis?.startsWith("usage: ")], detail).toEqual(["", true]);
  expect(detail).not.toMatch(/^\s+at .+\(?.+:\d+:\d+\)?$/m);
}

/** A one-line error without usage (a bad file, a setup problem): exit 2, no stack trace. */
function expectInputError(result: Result, command: string, message: string | RegExp): void {
  const detail = `${result.stdout}${result.stderr}`;
  expect(result.code, detail).toBe(2);
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines, detail).toHaveLength(1);
  if (typeof message === "string") expect(lines[0]).toBe(`${command}: ${message}`);
  else expect(lines[0]).toMatch(message);
}

type Row = [args: string[], message: string | RegExp, env?: NodeJS.ProcessEnv];

describe("contract", () => {
  const live = ["--target", "live"];
  const usageRows: Row[] = [
    [["--bogus"], "unknown flag --bogus"],
    [["--provder", "thinkrun"], "unknown flag --provder (did you mean --provider?)"],
    [["extra"], 'unexpected argument "extra"'],
    [["--target"], "--target needs a value (mock|live)"],
    [["--target", "staging"], '--target must be one of mock, live, got "staging"'],
    [[], 'CONTRACT_TARGET must be one of mock, live, got "prod"', { CONTRACT_TARGET: "prod" }],
    [["--provider"], "--provider needs a value (NAME)"],
    [["--provider", "nosuch"], '--provider: unknown provider "nosuch"; known: browser-use, browserbase, thinkrun, everruns'],
    [["--provider", "thinkrun,"], '--provider needs NAME values, got "thinkrun,"'],
    [[], 'CONTRACT_PROVIDERS: unknown provider "nosuch"; known: browser-use, browserbase, thinkrun, everruns', { CONTRACT_PROVIDERS: "nosuch" }],
    [["--base-url", "http://127.0.0.1:4010"], '--base-url needs NAME=URL, got "http://127.0.0.1:4010"'],
    [["--base-url", "nosuch=http://127.0.0.1:4010"], '--base-url: unknown name "nosuch"; known: browser-use, browserbase, thinkrun, everruns'],
    [["--base-url", "browser-use=127.0.0.1:4010"], '--base-url browser-use= needs an http(s) URL, got "127.0.0.1:4010"'],
    [["--base-url", "thinkrun=http://a.test", "--base-url", "thinkrun=http://b.test"], "--base-url gives thinkrun twice"],
    [["--dry-run"], "--dry-run works only with --target live"],
    [[...live, "--dry-run=yes"], '--dry-run takes no value, got "yes"'],
    [["--max-creates", "1"], "--max-creates works only with --target live"],
    ...["0x2", "-1", "abc", "1e3", "101"].map((raw): Row => [[...live, "--max-creates", raw], `--max-creates must be a decimal integer from 0 to 100, got ${JSON.stringify(raw)}`]),
    [[...live, "--max-creates", "thinkrun="], '--max-creates thinkrun= must be a decimal integer from 0 to 100, got ""'],
    [[...live, "--max-creates", ""], '--max-creates needs N|NAME=N|NAME.OPERATION=N values, got ""'],
    [[...live, "--max-creates", "nosuch=1"], '--max-creates: unknown provider "nosuch"; known: browser-use, browserbase, thinkrun, everruns'],
    [[...live, "--max-creates"], "--max-creates needs a value (N|NAME=N|NAME.OPERATION=N)"],
    [["--strict"], "--strict works only with --target live"],
    [["--allowlist", "nofile.json"], "--allowlist works only with --target live"],
    [[...live, "--allowlist", ""], "--allowlist needs a path (FILE), got an empty value"],
    [["--out", "/nonexistent/x"], "--out works only with --target live"],
    [[...live, "--target", "live"], "--target is given 2 times; give it once"],
    [["--fail-on", "breaking"], "--fail-on works only with --target live"],
    [[...live, "--fail-on", "critical"], '--fail-on: unknown severity "critical"; known: breaking, judgement, additive'],
    [["--baseline", "report.json"], "--baseline works only with --target live"],
    [[...live, "--baseline"], "--baseline needs a value (FILE)"],
  ];
  it.concurrent.each(usageRows)("contract %j is a usage error", async (args, message, env) => {
    expectUsageError(await script("contract", args, { env: env ?? {} }), "contract", message);
  });

  it.concurrent("--help lists every flag and exits 0", async () => {
    const result = await script("contract", ["--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("usage: npm run contract -- [flags]");
    for (const name of Object.keys(CONTRACT_FLAGS)) expect(result.stdout).toMatch(new RegExp(`^ {2}--${name}\\b`, "m"));
  });

  it.concurrent("files given to a live run are checked before it starts, by their resolved path", async () => {
    expectInputError(await script("contract", [...live, "--allowlist", "nofile.json"], { cwd: dir }), "contract", `--allowlist ${join(dir, "nofile.json")} not found`);
    expectInputError(await script("contract", [...live, "--allowlist", dir]), "contract", `--allowlist ${dir} is a folder, not a file`);
    expectInputError(await script("contract", [...live, "--out", join(reportFile, "x")]), "contract", `--out ${join(reportFile, "x")} cannot be created: ${reportFile} is a file`);
    expectInputError(await script("contract", [...live, "--baseline", "old-report.json"], { cwd: dir }), "contract", `--baseline ${join(dir, "old-report.json")} not found`);
    // Which creates a provider has is in its spec: the live run checks it, before any request.
    expectInputError(await script("contract", [...live, "--provider", "browser-use", "--max-creates", "browser-use.nosuch=1"], { env: { BROWSER_USE_API_KEY: KEY } }), "contract", "--max-creates browser-use.nosuch=1: browser-use has no create nosuch; its creates: createSession");
    expectInputError(await script("contract", [...live, "--provider", "browser-use", "--allowlist", badJson], { env: { BROWSER_USE_API_KEY: KEY } }), "contract", new RegExp(`^contract: ${badJson}: not valid JSON at line 2, column 15`));
  });

  it.concurrent("npm run from a subfolder resolves paths against that folder, not the project root", async () => {
    const result = await run("npm", ["run", "-s", "contract", "--", ...live, "--allowlist", "nofile.json"], { cwd: join(ROOT, "contract-tests") });
    expectInputError(result, "contract", `--allowlist ${join(ROOT, "contract-tests", "nofile.json")} not found`);
  });

  it.concurrent("a mock run against a mock it is given starts none; env vars stand in for --target and --provider", async () => {
    const url = inject("mockUrls")["browser-use"]!;
    const result = await script("contract", ["--base-url", `browser-use=${url}`], { env: { CONTRACT_PROVIDERS: "browser-use", CONTRACT_TARGET: "mock" } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain("Prism server(s) started");
    expect(result.stdout).toMatch(/^ok {3}browser-use {2}getSession \(GET \/sessions\/\{session_id\}\)/m);
    expect(result.stdout).toMatch(/^contract: [1-9]\d* passed, 0 failed$/m);
  });

  it.concurrent("a mock run starts its own Prism mock on 127.0.0.1 when no URL is given", async () => {
    const result = await script("contract", ["--target", "mock", "--provider", "thinkrun"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^mocks {3}1 Prism server\(s\) started/m);
    expect(result.stdout).toMatch(/^contract: [1-9]\d* passed, 0 failed$/m);
  });

  it.concurrent("--dry-run with --max-creates lists the calls against the --base-url and sends nothing", async () => {
    const result = await script("contract", [...live, "--dry-run", "--provider", "browser-use", "--max-creates", "0", "--base-url", "browser-use=http://127.0.0.1:9/v3"], { env: { BROWSER_USE_API_KEY: KEY } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("browser-use: would run against http://127.0.0.1:9/v3");
    expect(result.stdout).toContain("create budget 0 (--max-creates)");
    expect(result.stdout).toMatch(/^dry run: nothing was sent/m);
  });

  it.concurrent("a live run with every live flag: --base-url wins over the env var, the report lands in --out with --strict and the allow-list", async () => {
    const url = inject("mockUrls")["browser-use"]!;
    const out = join(dir, "live-report");
    const result = await script(
      "contract",
      [...live, "--provider", "browser-use", "--base-url", `browser-use=${url}`, "--max-creates", "1", "--strict", "--allowlist", allowlist, "--out", out],
      { env: { BROWSER_USE_API_KEY: KEY, BROWSER_USE_BASE_URL: "http://127.0.0.1:9" } },
    );
    expect([0, 1], result.stdout + result.stderr).toContain(result.code);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report).toMatchObject({ mode: "live", strict: true, allowlist: { path: allowlist }, providers: [{ name: "browser-use", status: "ran", baseUrl: url }] });
    expect(report.providers[0].cases.filter((c: { outcome: string; failures: { check: string }[] }) => c.failures.some((f) => f.check === "transport"))).toEqual([]);
    const created = report.providers[0].cases.filter((c: { operationId: string; outcome: string }) => c.operationId === "createSession" && c.outcome !== "skipped");
    expect(created).toHaveLength(1);
    expect(`${result.stdout}${result.stderr}${readFileSync(join(out, "report.md"), "utf8")}`).not.toContain(KEY);

    // The same run again, with the first report as its --baseline and --fail-on judgement: nothing is new.
    const again = await script(
      "contract",
      [...live, "--provider", "browser-use", "--base-url", `browser-use=${url}`, "--max-creates", "0", "--fail-on", "breaking,judgement", "--baseline", join(out, "report.json"), "--out", join(dir, "live-again")],
      { env: { BROWSER_USE_API_KEY: KEY } },
    );
    const second = JSON.parse(readFileSync(join(dir, "live-again", "report.json"), "utf8"));
    expect(again.code, again.stdout + again.stderr).toBe(second.exitCode);
    expect(second.failOn).toEqual(["breaking", "judgement"]);
    expect(second.summary.changes).toMatchObject({ new: 0 });
  });

  it.concurrent("a live run where no provider has a key could not judge: exit 2", async () => {
    const result = await script("contract", [...live, "--provider", "browser-use", "--out", join(dir, "no-key")]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain("no provider ran live");
  });
});

describe("replay", () => {
  const need = ["--provider", "browser-use", "--file", traffic];
  const usageRows: Row[] = [
    [["--bogus"], "unknown flag --bogus"],
    [["--file", traffic], "--provider is required (browser-use|browserbase|thinkrun|everruns: the provider the traffic was recorded from)"],
    [["--provider", "nosuch", "--file", traffic], '--provider must be one of browser-use, browserbase, thinkrun, everruns, got "nosuch"'],
    [["--provider", "browser-use"], /^replay: --file is required \(FILE: a HAR file/],
    [["--provider", "browser-use", "--file"], "--file needs a value (FILE)"],
    [[...need, "--base-url", `thinkrun=https://x.test`], "--base-url names thinkrun, but the traffic is from --provider browser-use"],
    [[...need, "--base-url", "browser-use=x"], '--base-url browser-use= needs an http(s) URL, got "x"'],
    [[...need, "--strict=1"], '--strict takes no value, got "1"'],
    [[...need, "--allowlist"], "--allowlist needs a value (FILE)"],
    [[...need, "--out", ""], "--out needs a path (DIR), got an empty value"],
    [[...need, "--fail-on", ""], '--fail-on needs SEVERITY values, got ""'],
    [[...need, "--baseline", ""], "--baseline needs a path (FILE), got an empty value"],
  ];
  it.concurrent.each(usageRows)("replay %j is a usage error", async (args, message) => {
    expectUsageError(await script("replay", args), "replay", message);
  });

  it.concurrent("--help lists every flag and exits 0", async () => {
    const result = await script("replay", ["--help"]);
    expect(result.code).toBe(0);
    for (const name of Object.keys(REPLAY_FLAGS)) expect(result.stdout).toMatch(new RegExp(`^ {2}--${name}\\b`, "m"));
  });

  it.concurrent("bad files are one line naming the resolved path, the line or the HAR's problem", async () => {
    expectInputError(await script("replay", ["--provider", "browser-use", "--file", "nofile.har"], { cwd: dir }), "replay", `--file ${join(dir, "nofile.har")} not found`);
    expectInputError(await script("replay", ["--provider", "browser-use", "--file", dir]), "replay", `--file ${dir} is a folder, not a file`);
    expectInputError(await script("replay", ["--provider", "browser-use", "--file", badEntriesHar]), "replay", `traffic file ${badEntriesHar}: a HAR file needs log.entries to be an array, got an object`);
    expectInputError(await script("replay", [...need, "--allowlist", "missing.yaml"], { cwd: dir }), "replay", `--allowlist ${join(dir, "missing.yaml")} not found`);
    expectInputError(await script("replay", [...need, "--out", reportFile]), "replay", `--out ${reportFile} is a file, not a folder`);
  });

  it.concurrent("every flag valid: --base-url strips the recorded server's path, the report honours --strict, --allowlist and --out", async () => {
    const out = join(dir, "replay-report");
    const result = await script("replay", [...need, "--base-url", "browser-use=https://staging.example.test/bu/v3", "--strict", "--allowlist", allowlist, "--out", out]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^replay {2}1 recorded exchange\(s\), 1 matched, 0 unmatched/m);
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8"))).toMatchObject({ mode: "replay", strict: true, passed: true, allowlist: { path: allowlist } });
  });

  it.concurrent("without the --base-url nothing matches: the run could not judge, exit 2", async () => {
    const result = await script("replay", [...need, "--out", join(dir, "replay-unmatched")]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toContain("no recorded exchange matched an operation");
  });
});

describe("diff", () => {
  const usageRows: Row[] = [
    [["--bogus"], "unknown flag --bogus"],
    [[], /^diff: --base is required \(REF\|FILE: /],
    [["--base"], "--base needs a value (REF|FILE)"],
    [["--base", "HEAD", "--all=yes"], '--all takes no value, got "yes"'],
    [["--base", "HEAD", "--bogus"], "unknown flag --bogus"],
    [["--base", "no-such-ref"], "unknown git ref: no-such-ref"],
    [["--base", "HEAD", "--provider", "nosuch"], '--provider: unknown provider "nosuch"; known: browser-use, browserbase, thinkrun, everruns'],
    [["--base", "HEAD", "--head", sameSpec], "--head compares two spec files: give a spec file as --base too"],
    [["--base", sameSpec], `--base ${sameSpec} is a spec file: give --provider NAME (its bundled spec is the head) or --head FILE`],
    [["--base", sameSpec, "--provider", "browser-use,thinkrun"], `--provider names the one bundled spec to compare with --base ${sameSpec}; got 2`],
  ];
  it.concurrent.each(usageRows)("diff %j is a usage error", async (args, message) => {
    expectUsageError(await script("diff", args), "diff", message);
  });

  it.concurrent("--help lists every flag and exits 0", async () => {
    const result = await script("diff", ["--help"]);
    expect(result.code).toBe(0);
    for (const name of Object.keys(DIFF_FLAGS)) expect(result.stdout).toMatch(new RegExp(`^ {2}--${name}\\b`, "m"));
  });

  it.concurrent("a missing spec file and a missing --head are named by their resolved path", async () => {
    expectInputError(await script("diff", ["--base", "nofile.json", "--provider", "browser-use"], { cwd: dir }), "diff", `base spec ${join(dir, "nofile.json")} not found`);
    expectInputError(await script("diff", ["--base", sameSpec, "--head", "nofile.yaml"], { cwd: dir }), "diff", `--head ${join(dir, "nofile.yaml")} not found`);
  });

  it.concurrent("--base HEAD with --provider and --all compares only that provider", async () => {
    const result = await script("diff", ["--base", "HEAD", "--provider", "browser-use", "--all"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ok {4}browser-use: /m);
    expect(result.stdout).not.toMatch(/thinkrun|browserbase|everruns/);
  });

  it.concurrent("a spec file with a field the bundled spec dropped is breaking (exit 1), located without a double slash", async () => {
    const result = await script("diff", ["--base", breakingBase, "--provider", "browser-use"]);
    expect(result.code, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}browser-use: breaking/m);
    expect(result.stdout).toMatch(/at paths\["\/sessions\/\{session_id\}"\]\.get\.responses\.200\.content\["application\/json"\]\.schema\.properties\.legacyField/);
    expect(result.stdout).not.toContain("//");
  });

  it.concurrent("two identical spec files (--base and --head) are unchanged", async () => {
    const result = await script("diff", ["--base", sameSpec, "--head", sameSpec, "--all"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("same.json: unchanged");
  });
});

describe("the other scripts and the bin", () => {
  const flagless = ["build", "docs", "smoke"];
  it.concurrent.each(flagless)("%s: --help exits 0; any flag or argument is a usage error", async (name) => {
    const help = await script(name, ["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe(`usage: npm run ${name} --`);
    expectUsageError(await script(name, ["--bogus"]), name, "unknown flag --bogus");
    expectUsageError(await script(name, ["extra"]), name, 'unexpected argument "extra"');
  });

  it.concurrent("generate: --help lists --check and --force; a wrong flag or value is a usage error", async () => {
    const help = await script("generate", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}--check\b/m);
    expect(help.stdout).toMatch(/^ {2}--force\b/m);
    expectUsageError(await script("generate", ["--chek"]), "generate", "unknown flag --chek (did you mean --check?)");
    expectUsageError(await script("generate", ["--check=no"]), "generate", '--check takes no value, got "no"');
  });

  it.concurrent("generate --check --force: both accepted; a full run that finds generated/ up to date", async () => {
    const result = await script("generate", ["--check", "--force"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("generated/ is up to date");
  });

  it.concurrent("bench: --only names the known sections; --quick takes no value", async () => {
    expectUsageError(await script("bench", ["--only", "speed"]), "bench", '--only: unknown section "speed"; known: generate, contract, client, validation, size, memory');
    expectUsageError(await script("bench", ["--quick=1"]), "bench", '--quick takes no value, got "1"');
  });

  it.concurrent("the bin names its commands; each command's --help is the bin's", async () => {
    const none = await script("bin", []);
    expect(none.code).toBe(2);
    expect(none.stderr.split("\n")[0]).toBe("browser-agent-apis: no command given; known: contract, replay, diff");
    const unknown = await script("bin", ["lint"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe('browser-agent-apis: unknown command "lint"; known: contract, replay, diff');
    const help = await script("bin", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}contract +Runs every contract case/m);
    const version = await script("bin", ["--version"]);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync("package.json", "utf8")).version);
    const contractHelp = await script("bin", ["contract", "--help"]);
    expect(contractHelp.stdout.split("\n")[0]).toBe("usage: browser-agent-apis contract [flags]");
    expectUsageError(await script("bin", ["replay", "--bogus"]), "replay", "unknown flag --bogus");
  });
});
