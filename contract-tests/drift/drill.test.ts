/**
 * The drift drill of issue 13, rerunnable with `npm test -- contract-tests/drift/drill.test.ts`: stand-in
 * live APIs on 127.0.0.1 (Prism behind the recording proxy, contract-tests/standin/) serving copies of each
 * provider's spec that the classifier did not judge by: the docs-only spec (every x-judgement constraint
 * stripped), in static mode and in dynamic mode with two fixed seeds, and one drifted copy per kind of drift
 * (planted-drift.ts). Every run is the real command line of `npm run contract -- --target live` (its entry
 * file, scripts/contract.ts, under Node with tsx's loader; npm in front of it is proved in
 * cli/commands.test.ts) in a child process: its exit code, its terminal output and the report.json it
 * writes are what is checked, and what the stand-in answered is read from the stand-in's own log.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ORG_ID_ENV } from "../../src/everruns/client.js";
import { freshValue } from "../runner/fresh-id.js";
import { judgements, stripJudgements } from "../runner/judgements.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import type { SpecNode } from "../runner/spec-index.js";
import { specFor } from "../runner/suite.js";
import { refusingUrl, startStandin, type Standin, type StandinOptions } from "../standin/index.js";
import type { Severity } from "./findings.js";
import { PLANTED_DRIFTS, type PlantedDrift } from "./planted-drift.js";
import type { DriftReport } from "./report.js";

const dir = mkdtempSync(join(tmpdir(), "drift-drill-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NAMES = CONTRACT_PROVIDERS.map((p) => p.definition.name);
const providerOf = (name: string): ContractProvider => CONTRACT_PROVIDERS.find((p) => p.definition.name === name)!;
const keyOf = (name: string) => `${name}-FAKE-drill-key-5d2e81`;
const ORG_ID = freshValue(specFor(providerOf("everruns")), "#/components/schemas/OrganizationId");
// Generous: on a loaded 2-core machine a Prism start and a CLI run each take many seconds.
const RUN_TIMEOUT_MS = 240_000;
const TEST_TIMEOUT_MS = 420_000;

/** The docs-only modes: Prism's examples, and bodies generated from the schemas with two fixed seeds. */
const MODES: { label: string; mode: "static" | "dynamic"; seed?: number }[] = [
  { label: "static mode", mode: "static" },
  { label: "dynamic mode, seed 1", mode: "dynamic", seed: 1 },
  { label: "dynamic mode, seed 5", mode: "dynamic", seed: 5 },
];

// Prism starts are CPU-bound: a few at a time, so that none waits past its start timeout on 2 cores.
let starting = 0;
const waiting: (() => void)[] = [];
async function startLimited(options: StandinOptions): Promise<Standin> {
  if (starting >= 3) await new Promise<void>((resolve) => waiting.push(resolve));
  starting++;
  try {
    return await startStandin(options);
  } finally {
    starting--;
    waiting.shift()?.();
  }
}

/** Starts every stand-in, or none: one that fails to start stops the others. */
async function startAll(options: StandinOptions[]): Promise<Standin[]> {
  const started = await Promise.allSettled(options.map(startLimited));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  const standins = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  if (failed) {
    await Promise.all(standins.map((s) => s.stop()));
    throw failed.reason;
  }
  return standins;
}

/** A stand-in of one provider serving its docs-only spec, edited by `plant` when given, with the drill's key. */
function docsOnly(name: string, mode: { mode?: "static" | "dynamic"; seed?: number } = {}, plant?: (doc: SpecNode) => void): StandinOptions {
  const transform = (doc: SpecNode) => {
    const copy = stripJudgements(doc);
    plant?.(copy);
    return copy;
  };
  return { spec: providerOf(name).specPath, transform, apiKeys: [keyOf(name)], ...(mode.mode ? { mode: mode.mode } : {}), ...(mode.seed === undefined ? {} : { seed: mode.seed }) };
}

// One Prism per provider serves the docs-only spec to the stand-ins of every mode (each asks for its own
// mode and seed per request); the static-mode stand-in is the one that started it.
const docsOnlyOwners = new Map<string, Promise<Standin>>();
function docsOnlyStatic(name: string): Promise<Standin> {
  if (!docsOnlyOwners.has(name)) docsOnlyOwners.set(name, startLimited(docsOnly(name)));
  return docsOnlyOwners.get(name)!;
}
afterAll(async () => {
  await Promise.all([...docsOnlyOwners.values()].map(async (owner) => (await owner.catch(() => undefined))?.stop()));
});

function envFor(name: string, baseUrl: string): NodeJS.ProcessEnv {
  const { apiKeyEnv, baseUrlEnv } = providerOf(name).definition;
  return { [apiKeyEnv]: keyOf(name), [baseUrlEnv]: baseUrl, ...(name === "everruns" ? { [ORG_ID_ENV]: ORG_ID } : {}) };
}

// The caller's own provider settings (a real key, a base URL, an id to reuse) must not reach a drill run,
// nor npm's INIT_CWD of the `npm test` that started vitest (every path given to a run is absolute anyway).
const PROVIDER_ENV = CONTRACT_PROVIDERS.map((p) => p.definition.apiKeyEnv.replace(/API_KEY$/, ""));
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("CONTRACT_") && !/^npm_|^INIT_CWD$/.test(name) && !PROVIDER_ENV.some((prefix) => name.startsWith(prefix))));

interface CliRun {
  code: number | null;
  output: string;
  report: DriftReport;
  /** The report directory (`--out`). */
  out: string;
}

// What `npm run contract` runs, without npm's own start-up per run: one node process on the entry file.
const TSX_LOADER = import.meta.resolve("tsx");
const CONTRACT_ENTRY = join(process.cwd(), "scripts", "contract.ts");

/** `npm run contract -- --target live --out <dir> ...args` in a child process with `env`; its exit code, output and report.json. */
function contract(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const out = join(dir, name);
  const child = spawn(process.execPath, ["--import", TSX_LOADER, CONTRACT_ENTRY, "--target", "live", "--out", out, ...args], { env: { ...cleanEnv, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    // No run may hang the suite: past its time the whole process group is ended.
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // Already gone.
      }
      reject(new Error(`npm run contract ${args.join(" ")} did not exit within ${RUN_TIMEOUT_MS} ms:\n${output}`));
    }, RUN_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code) => {
      clearTimeout(timer);
      try {
        resolve({ code, output, out, report: JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as DriftReport });
      } catch (error) {
        reject(new Error(`no report.json in ${out} (exit ${code}): ${(error as Error).message}\n${output}`));
      }
    });
  });
}

/** A summary of findings by kind, severity, spec place and subject. */
const findingKeys = (report: DriftReport) => report.findings.map((f) => [f.provider, f.kind, f.severity, f.specPointer, f.subject]);

/** The exit code a finding of this severity implies without --strict. */
const exitFor = (severity: Severity) => (severity === "breaking" ? 1 : 0);

/** A planted drift's run, and for a severity that does not fail by default a second one with --strict. */
interface PlantedRun extends CliRun {
  standin: Standin;
  strict?: CliRun;
}

/** Each planted drift runs once: the baseline case reads the report of one of them. */
const plantedRuns = new Map<string, Promise<PlantedRun>>();
function runPlanted(drift: PlantedDrift): Promise<PlantedRun> {
  let run = plantedRuns.get(drift.name);
  if (!run) {
    run = (async () => {
      const [standin] = await startAll([docsOnly(drift.provider, {}, drift.plant)]);
      const name = `planted-${drift.name.replace(/\W+/g, "-")}`;
      const env = envFor(drift.provider, standin!.url);
      try {
        const first = await contract(name, ["--provider", drift.provider], env);
        const strict = drift.finding.severity === "breaking" ? undefined : await contract(`${name}-strict`, ["--provider", drift.provider, "--strict"], env);
        return { ...first, standin: standin!, ...(strict ? { strict } : {}) };
      } finally {
        await standin!.stop();
      }
    })();
    plantedRuns.set(drift.name, run);
  }
  return run;
}

describe.concurrent("drift drill: docs-only stand-ins, every judgement stripped", () => {
  it.each(MODES)(
    "$label: all four providers run live with zero breaking findings and exit 0; what the data breaks is a marked judgement or additive",
    async ({ label, mode, seed }) => {
      const owners = await Promise.all(NAMES.map(docsOnlyStatic));
      const standins = mode === "static" ? owners : await Promise.all(NAMES.map((name, i) => startStandin({ ...docsOnly(name, { mode, seed }), upstream: owners[i]!.upstream })));
      let run: CliRun;
      try {
        run = await contract(`docs-only-${mode}-${seed ?? 0}`, ["--provider", NAMES.join(",")], Object.assign({}, ...NAMES.map((name, i) => envFor(name, standins[i]!.url))));
      } finally {
        if (mode !== "static") await Promise.all(standins.map((s) => s.stop()));
      }
      const { code, output, report, out } = run;
      expect(code, output).toBe(0);
      expect(report).toMatchObject({ verdict: "pass", exitCode: 0, failureReasons: [] });
      // The keys were sent (the stand-ins check them), and appear in no output and no report file.
      for (const name of NAMES) expect([output, ...readdirSync(out).map((f) => readFileSync(join(out, f), "utf8"))].filter((text) => text.includes(keyOf(name)))).toEqual([]);
      const counts: string[] = [];
      for (const [i, name] of NAMES.entries()) {
        const provider = report.providers.find((p) => p.name === name)!;
        // Exit 0 for each: ran, enough of its API exercised, no failed case, everything it created cleaned up.
        expect({ name, status: provider.status, covered: provider.coverage!.percent >= 90 }).toEqual({ name, status: "ran", covered: true });
        expect(provider.cases.filter((c) => c.outcome === "failed")).toEqual([]);
        expect(provider.cleanup.filter((c) => c.outcome !== "done")).toEqual([]);
        // The premise: the stand-in sent nothing its docs-only document forbids (a generated body is re-drawn until it conforms).
        expect(standins[i]!.log.filter((e) => e.notes.some((n) => n.startsWith("the answer breaks the served document"))).map((e) => e.notes)).toEqual([]);
        const findings = report.findings.filter((f) => f.provider === name);
        expect(findings.filter((f) => f.severity !== "judgement" && f.severity !== "additive")).toEqual([]);
        // Each judgement finding names a constraint the bundled spec marks, with the marker's reason.
        const marked = judgements(specFor(providerOf(name)).doc);
        const unmarked = findings.filter((f) => f.severity === "judgement" && !marked.some((j) => `${j.pointer}/${j.keyword}` === f.keywordPointer && (j.property ?? f.subject) === f.subject && j.reason === f.judgement));
        expect(unmarked).toEqual([]);
        // The examples the docs show are docs-conformant: in static mode nothing at all is found.
        if (mode === "static") expect(findings).toEqual([]);
        const redrawn = standins[i]!.log.filter((e) => e.notes.some((n) => n.startsWith("re-drawn"))).length;
        const by = (severity: Severity) => findings.filter((f) => f.severity === severity).length;
        counts.push(`${name} ${by("breaking")}/${by("judgement")}/${by("additive")} (${standins[i]!.log.length} requests, ${redrawn} re-drawn)`);
      }
      if (mode === "dynamic") expect(report.summary.findings.judgement).toBeGreaterThan(0);
      console.log(`drift drill, docs-only, ${label}: breaking/judgement/additive findings: ${counts.join("; ")}`);
    },
    TEST_TIMEOUT_MS,
  );
});

describe.concurrent("drift drill: planted drift, one kind per stand-in", () => {
  it.each(PLANTED_DRIFTS)(
    "$provider, $name: exactly the planted finding at its severity, nothing else, and the exit code the severity implies",
    async (drift) => {
      const { code, output, report, standin, strict } = await runPlanted(drift);
      const { finding } = drift;
      // The drift was on the wire: the stand-in's own log shows it answered.
      const { wire } = drift;
      const onWire = standin.log.filter((e) => e.operationId === wire.operationId && e.status === wire.status && (wire.mediaType === undefined || e.responseHeaders?.["content-type"]?.startsWith(wire.mediaType)));
      expect(onWire.some((e) => wire.shows(JSON.parse(e.responseBody!)))).toBe(true);
      expect(findingKeys(report)).toEqual([[drift.provider, finding.kind, finding.severity, finding.specPointer, finding.subject]]);
      expect(report.findings[0]!.operations.map((o) => o.operationId)).toEqual(finding.operations);
      expect(code, output).toBe(exitFor(finding.severity));
      expect(report).toMatchObject({ exitCode: exitFor(finding.severity), failureReasons: finding.severity === "breaking" ? ["1 breaking finding not on the allow-list"] : [] });
      // What does not fail by default fails with --strict.
      if (strict) {
        expect(strict.code, strict.output).toBe(1);
        expect(strict.report.failureReasons).toEqual([`1 ${finding.severity} finding not on the allow-list (--strict)`]);
      }
      if (finding.severity === "judgement") {
        const reason = judgements(specFor(providerOf(drift.provider)).doc).find((j) => `${j.pointer}/${j.keyword}` === report.findings[0]!.keywordPointer)?.reason;
        expect(report.findings[0]!.judgement).toBe(reason);
        expect(output).toContain(`our assumption, fix the spec: ${reason}`);
      }
    },
    TEST_TIMEOUT_MS,
  );
});

describe.concurrent("drift drill: misconfiguration and change over time", () => {
  it(
    "a base URL with a wrong prefix exits 2 with a one-line reason naming the base URL, and nothing is reported as drift",
    async () => {
      const standin = await startStandin({ spec: providerOf("browser-use").specPath, upstream: inject("mockUrls")["browser-use"] });
      const baseUrl = `${standin.url}/api/v2`;
      let run: CliRun;
      try {
        run = await contract("wrong-prefix", ["--provider", "browser-use"], envFor("browser-use", baseUrl));
      } finally {
        await standin.stop();
      }
      expect(run.code, run.output).toBe(2);
      expect(standin.log.length).toBeGreaterThan(0);
      expect(standin.log.filter((e) => !e.url.startsWith("/api/v2/") || e.operationId !== undefined)).toEqual([]);
      const [reason] = run.report.failureReasons;
      expect(run.report.failureReasons).toEqual([expect.stringMatching(new RegExp(`^browser-use: could not judge: \\d+ of \\d+ calls to ${baseUrl} answered 404: the base URL looks wrong \\(check BROWSER_USE_BASE_URL\\)$`))]);
      expect(run.output.split("\n")).toContain(`??   browser-use  ${reason!.replace(/^browser-use: /, "")}`);
      expect(run.report.findings).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "a closed port exits 2 with a one-line reason naming the base URL",
    async () => {
      const baseUrl = await refusingUrl();
      const run = await contract("closed-port", ["--provider", "everruns"], envFor("everruns", baseUrl));
      expect(run.code, run.output).toBe(2);
      const [reason] = run.report.failureReasons;
      expect(run.report.failureReasons).toEqual([expect.stringMatching(new RegExp(`^everruns: could not judge: \\d+ of \\d+ calls to ${baseUrl} got no response \\(.*\\): is the server up and the URL right\\? \\(check EVERRUNS_API_URL\\)$`))]);
      expect(run.output.split("\n")).toContain(`??   everruns     ${reason!.replace(/^everruns: /, "")}`);
      expect(run.report.findings).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "--baseline: a second run against a stand-in with one more drift marks exactly that finding new and the other open",
    async () => {
      const [openEnum, problemJson] = ["a new value of an open enum", "an error body moved to application/problem+json"].map((name) => PLANTED_DRIFTS.find((d) => d.name === name)!);
      const first = await runPlanted(openEnum!);
      const baseline = join(first.out, "report.json");
      const both = (doc: SpecNode) => {
        openEnum!.plant(doc);
        problemJson!.plant(doc);
      };
      const [standin] = await startAll([docsOnly("thinkrun", {}, both)]);
      let run: CliRun;
      try {
        run = await contract("baseline-second", ["--provider", "thinkrun", "--baseline", baseline], envFor("thinkrun", standin!.url));
      } finally {
        await standin!.stop();
      }
      const { code, output, report } = run;
      expect(code, output).toBe(1);
      expect(report.findings.map((f) => [f.kind, f.subject, f.change])).toEqual([
        ["undocumented-content-type", "application/problem+json", "new"],
        ["value-outside-enum", '"paused"', "open"],
      ]);
      expect(report.findings[1]!.id).toBe(first.report.findings[0]!.id);
      expect(report.summary.changes).toEqual({ new: 1, open: 1, gone: 0 });
      expect(output).toMatch(/since the baseline 1 new, 1 still open, 0 gone/);
      expect(output.split("\n").filter((l) => l.endsWith("[new]"))).toEqual([expect.stringContaining("undocumented-content-type")]);
    },
    TEST_TIMEOUT_MS,
  );
});
