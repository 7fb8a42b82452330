/**
 * Every flag of the commands other teams run (contract, replay, diff and the bin), valid and invalid. The
 * usage-error tables and most bad-file errors are about the argument layer and the message, so they run
 * in process through runCommand (the function each entry file hands its argv to); everything else runs
 * the real commands as child processes (the npm scripts' entry files, the bin, and `npm run` from a
 * subfolder), with usage errors and a bad file per command among them, so exit code 2, the one line and
 * the absence of a stack trace are proved on the command line too. Valid values do what the flag says.
 * Live runs go to the vitest global setup's Prism mock on 127.0.0.1. The build scripts' flags are in
 * scripts/script-flags.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it, vi } from "vitest";
import { CONTRACT_FLAGS, contractCommand } from "./contract-command.js";
import { DIFF_FLAGS, diffCommand } from "./diff-command.js";
import { REPLAY_FLAGS, replayCommand } from "./replay-command.js";
import { expectInputError, expectUsageError, inProcess, ROOT, run, script } from "./testing/command-runs.js";

const dir = mkdtempSync(join(tmpdir(), "cli-commands-"));
const KEY = "bu-FAKE-cli-table-key-51c0e7";

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
    ...["99", "600001", "1.5", "abc"].map((raw): Row => [["--timeout-ms", raw], `--timeout-ms must be a decimal integer from 100 to 600000, got ${JSON.stringify(raw)}`]),
    [[], 'CONTRACT_TIMEOUT_MS must be a decimal integer from 100 to 600000, got "0"', { CONTRACT_TIMEOUT_MS: "0" }],
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
    expectUsageError(await inProcess(contractCommand, args, env), "contract", message);
  });

  it.concurrent("on the command line a usage error exits 2 with its line and the usage, flag or env var", async () => {
    expectUsageError(await script("contract", ["--provder", "thinkrun"]), "contract", "unknown flag --provder (did you mean --provider?)");
    expectUsageError(await script("contract", [], { env: { CONTRACT_TARGET: "prod" } }), "contract", 'CONTRACT_TARGET must be one of mock, live, got "prod"');
  });

  it.concurrent("--help lists every flag and exits 0", async () => {
    const result = await script("contract", ["--help"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split("\n")[0]).toBe("usage: npm run contract -- [flags]");
    for (const name of Object.keys(CONTRACT_FLAGS)) expect(result.stdout).toMatch(new RegExp(`^ {2}--${name}\\b`, "m"));
  });

  it.concurrent("files given to a live run are checked before it starts, by their resolved path", async () => {
    // On the command line: a relative path resolves against the process's working directory.
    expectInputError(await script("contract", [...live, "--allowlist", "nofile.json"], { cwd: dir }), "contract", `--allowlist ${join(dir, "nofile.json")} not found`);
    expectInputError(await inProcess(contractCommand, [...live, "--allowlist", dir]), "contract", `--allowlist ${dir} is a folder, not a file`);
    expectInputError(await inProcess(contractCommand, [...live, "--out", join(reportFile, "x")]), "contract", `--out ${join(reportFile, "x")} cannot be created: ${reportFile} is a file`);
    expectInputError(await inProcess(contractCommand, [...live, "--baseline", "old-report.json"], {}, dir), "contract", `--baseline ${join(dir, "old-report.json")} not found`);
    // Which creates a provider has is in its spec: the live run checks it, before any request.
    expectInputError(await inProcess(contractCommand, [...live, "--provider", "browser-use", "--max-creates", "browser-use.nosuch=1"], { BROWSER_USE_API_KEY: KEY }), "contract", "--max-creates browser-use.nosuch=1: browser-use has no create nosuch; its creates: createSession");
    expectInputError(await inProcess(contractCommand, [...live, "--provider", "browser-use", "--allowlist", badJson], { BROWSER_USE_API_KEY: KEY }), "contract", new RegExp(`^contract: ${badJson}: not valid JSON at line 2, column 15`));
  });

  it.concurrent("a --baseline that is not valid JSON is named with its line and column, as every other file is", async () => {
    expectInputError(await inProcess(contractCommand, [...live, "--provider", "browser-use", "--baseline", badJson], { BROWSER_USE_API_KEY: KEY }), "contract", `baseline ${badJson}: not valid JSON at line 2, column 15: unexpected ","`);
  });

  it.concurrent("--max-creates naming one scope twice is refused before anything is sent, not the last value winning", async () => {
    const twice = [...live, "--provider", "browser-use", "--max-creates", "0", "--max-creates", "2"];
    expectInputError(await inProcess(contractCommand, [...twice, "--dry-run"], { BROWSER_USE_API_KEY: KEY }), "contract", "--max-creates gives every provider twice (0, then 2); give each scope once");
    expectInputError(await script("contract", [...twice, "--out", join(dir, "max-creates-twice")], { env: { BROWSER_USE_API_KEY: KEY, BROWSER_USE_BASE_URL: "http://127.0.0.1:9" } }), "contract", "--max-creates gives every provider twice (0, then 2); give each scope once");
  });

  it.concurrent("npm run from a subfolder resolves paths against that folder, not the project root", async () => {
    const result = await run("npm", ["run", "-s", "contract", "--", ...live, "--allowlist", "nofile.json"], { cwd: join(ROOT, "contract-tests") });
    expectInputError(result, "contract", `--allowlist ${join(ROOT, "contract-tests", "nofile.json")} not found`);
  });

  it.concurrent("without --out and --allowlist, the default report folder and allow-list are those of the folder the command ran in", async () => {
    // As under `npm run` from a subfolder: the process's cwd is elsewhere (the project root), the command ran here.
    const here = join(dir, "ran-here");
    mkdirSync(here);
    const entry = { provider: "thinkrun", kind: "undocumented-property", operationId: "listSessions", pointer: "/x", reason: "test", expires: "2099-01-01" };
    writeFileSync(join(here, "contract-allowlist.json"), JSON.stringify({ entries: [entry] }));
    // The project root's own report (a developer's last live run, or none) is left as it was.
    const rootReport = join(ROOT, "reports", "drift", "report.json");
    const rootReportBefore = statSync(rootReport, { throwIfNoEntry: false })?.mtimeMs;
    const result = await inProcess(contractCommand, [...live, "--provider", "thinkrun"], {}, here);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    const written = join(here, "reports", "drift", "report.json");
    expect(JSON.parse(readFileSync(written, "utf8")).allowlist.path).toBe(join(here, "contract-allowlist.json"));
    expect(statSync(rootReport, { throwIfNoEntry: false })?.mtimeMs).toBe(rootReportBefore);
    // replay takes the same defaults.
    const replayed = await inProcess(replayCommand, ["--provider", "thinkrun", "--file", traffic], {}, here);
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(2);
    expect(JSON.parse(readFileSync(written, "utf8"))).toMatchObject({ mode: "replay", allowlist: { path: join(here, "contract-allowlist.json") } });
  });

  it.concurrent("a mock run against a mock it is given starts none; env vars stand in for --target and --provider", async () => {
    const url = inject("mockUrls")["browser-use"]!;
    const result = await script("contract", ["--base-url", `browser-use=${url}`], { env: { CONTRACT_PROVIDERS: "browser-use", CONTRACT_TARGET: "mock" } });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain("Prism server(s) started");
    expect(result.stdout).toMatch(/^ok {3}browser-use {2}getSession \(GET \/sessions\/\{session_id\}\)/m);
    expect(result.stdout).toMatch(/^contract: [1-9]\d* passed, 0 failed$/m);
  });

  it.concurrent("a mock run whose given mock refuses every connection could not judge: exit 2, one line naming the URL, no wall of failed cases", async () => {
    // A port that was just free: nothing listens there.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const url = `http://127.0.0.1:${closed}`;
    const result = await script("contract", ["--provider", "thinkrun", "--base-url", `thinkrun=${url}`]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    expect(result.stdout).toMatch(new RegExp(`^\\?\\? {3}thinkrun {5}could not judge: (\\d+) of \\1 calls to ${url.replace(/\./g, "\\.")} got no response \\(.*ECONNREFUSED.*\\): is the server up and the URL right\\?$`, "m"));
    expect(result.stdout).not.toMatch(/^FAIL /m);
    expect(result.stdout).toMatch(/^contract: could not judge \(exit 2\): thinkrun: could not judge: /m);
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
    expectUsageError(await inProcess(replayCommand, args), "replay", message);
  });

  it.concurrent("on the command line a usage error exits 2 with its line and the usage", async () => {
    expectUsageError(await script("replay", ["--file", traffic]), "replay", usageRows[1]![1]);
  });

  it.concurrent("--help lists every flag and exits 0", async () => {
    const result = await script("replay", ["--help"]);
    expect(result.code).toBe(0);
    for (const name of Object.keys(REPLAY_FLAGS)) expect(result.stdout).toMatch(new RegExp(`^ {2}--${name}\\b`, "m"));
  });

  it.concurrent("bad files are one line naming the resolved path, the line or the HAR's problem", async () => {
    expectInputError(await script("replay", ["--provider", "browser-use", "--file", "nofile.har"], { cwd: dir }), "replay", `--file ${join(dir, "nofile.har")} not found`);
    expectInputError(await inProcess(replayCommand, ["--provider", "browser-use", "--file", dir]), "replay", `--file ${dir} is a folder, not a file`);
    expectInputError(await inProcess(replayCommand, ["--provider", "browser-use", "--file", badEntriesHar]), "replay", `traffic file ${badEntriesHar}: a HAR file needs log.entries to be an array, got an object`);
    expectInputError(await inProcess(replayCommand, [...need, "--allowlist", "missing.yaml"], {}, dir), "replay", `--allowlist ${join(dir, "missing.yaml")} not found`);
    expectInputError(await inProcess(replayCommand, [...need, "--out", reportFile]), "replay", `--out ${reportFile} is a file, not a folder`);
  });

  it.concurrent("a pretty-printed JSON file that is not a HAR (a report.json) is named valid JSON of the wrong shape, not line 1 not JSON", async () => {
    const report = write("report.json", `${JSON.stringify({ schemaVersion: 1, mode: "live", providers: [] }, null, 2)}\n`);
    expectInputError(
      await inProcess(replayCommand, ["--provider", "browser-use", "--file", report]),
      "replay",
      `traffic file ${report}: valid JSON, but not a HAR file (no top-level "log"; an object with keys schemaVersion, mode, providers) and not NDJSON (one {request, response} object per line)`,
    );
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
    expectUsageError(await inProcess(diffCommand, args), "diff", message);
  });

  it.concurrent("on the command line a usage error exits 2 with its line and the usage, one found by the run too", async () => {
    expectUsageError(await script("diff", ["--base"]), "diff", "--base needs a value (REF|FILE)");
    expectUsageError(await script("diff", ["--base", "no-such-ref"]), "diff", "unknown git ref: no-such-ref");
  });

  it.concurrent("--help lists every flag and exits 0", async () => {
    const result = await script("diff", ["--help"]);
    expect(result.code).toBe(0);
    for (const name of Object.keys(DIFF_FLAGS)) expect(result.stdout).toMatch(new RegExp(`^ {2}--${name}\\b`, "m"));
  });

  it.concurrent("a missing spec file and a missing --head are named by their resolved path", async () => {
    expectInputError(await script("diff", ["--base", "nofile.json", "--provider", "browser-use"], { cwd: dir }), "diff", `base spec ${join(dir, "nofile.json")} not found`);
    expectInputError(await inProcess(diffCommand, ["--base", sameSpec, "--head", "nofile.yaml"], {}, dir), "diff", `--head ${join(dir, "nofile.yaml")} not found`);
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

describe("the bin", () => {
  it.concurrent("names its commands; each command's --help is the bin's", async () => {
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
