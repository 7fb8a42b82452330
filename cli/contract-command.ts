/**
 * `contract`: the contract cases against Prism mocks (default) or the live APIs with the drift report.
 * The flag table below is the whole command line; `npm run contract` and `browser-agent-apis contract`
 * both run this command.
 */
import { choiceFlag, httpUrl, inputFileFlag, integerFlag, listFlag, outputDirFlag, parseInteger, perNameFlag, switchFlag, UsageError, type FlagContext, type FlagRequirement } from "./args.js";
import { SEVERITIES, type Severity } from "../contract-tests/drift/findings.js";
import type { CaseReport, DriftReport } from "../contract-tests/drift/report.js";
import { DEFAULT_CREATES_PER_KIND } from "../contract-tests/runner/live-policy.js";
import { CONTRACT_PROVIDERS } from "../contract-tests/runner/providers.js";
import { CASE_TIMEOUT_MS, UNANSWERED_LIMIT } from "../contract-tests/runner/target-watch.js";
import type { Command } from "./command.js";
import type { ContractOptions } from "./contract-run.js";
import { preloadPrism } from "./prism-peer.js";
import { PROVIDER_NAMES } from "./providers.js";

/** Flags that mean something to a live run only: given with `--target mock`, they are refused, not ignored. */
export const LIVE: FlagRequirement = { label: "--target live", when: (values) => values.target === "live" };

/** A known provider name, or a UsageError naming the known ones. */
export function providerName(name: string, context: FlagContext): string {
  if (!PROVIDER_NAMES.includes(name)) throw new UsageError(`${context.source}: unknown provider ${JSON.stringify(name)}; known: ${PROVIDER_NAMES.join(", ")}`);
  return name;
}

/** `--fail-on SEVERITY`, shared by contract and replay. */
export const severitiesFlag = (options: { requires?: FlagRequirement } = {}) =>
  listFlag(
    "SEVERITY",
    `severities whose findings fail the run (${SEVERITIES.join(", ")})`,
    (name, context) => {
      if (!(SEVERITIES as readonly string[]).includes(name)) throw new UsageError(`${context.source}: unknown severity ${JSON.stringify(name)}; known: ${SEVERITIES.join(", ")}`);
      return name as Severity;
    },
    { ...options, defaultLabel: "breaking" },
  );

/** The most resources of one kind a run may create: far above any scenario, low enough to stop a typo from billing. */
export const MAX_CREATES_LIMIT = 100;

/**
 * One `--max-creates` value: `N`, `NAME=N` or `NAME.OPERATION=N`, N a decimal integer in range and NAME a
 * known provider. Whether OPERATION is one of the provider's creates is checked by the live run (it reads the spec).
 */
export function createBudgetItem(raw: string, context: FlagContext): string {
  const match = /^(?:([\w-]+)(?:\.(\w+))?=)?(.*)$/.exec(raw)!;
  const [, provider, , count] = match;
  if (provider !== undefined) providerName(provider, context);
  parseInteger(count!, { min: 0, max: MAX_CREATES_LIMIT }, provider === undefined ? context.source : `${context.source} ${raw.slice(0, raw.indexOf("=") + 1)}`);
  return raw;
}

/** `--base-url NAME=URL`, shared by contract and replay. */
export const baseUrlFlag = (description: string) => perNameFlag("NAME=URL", description, () => PROVIDER_NAMES, httpUrl);

/** The per-call timeouts a run accepts, in ms: from 0.1 s (a loopback stand-in) to 10 minutes. */
export const CASE_TIMEOUT_RANGE = { min: 100, max: 600_000 } as const;

/** The contract command's flags. */
export const CONTRACT_FLAGS = {
  target: choiceFlag(["mock", "live"], "mock: Prism mocks on 127.0.0.1; live: the providers' APIs, with the drift report", { env: "CONTRACT_TARGET", default: "mock" }),
  provider: listFlag("NAME", `only these providers (${PROVIDER_NAMES.join(", ")}); a comma list works too`, providerName, { env: "CONTRACT_PROVIDERS", defaultLabel: "all" }),
  "base-url": baseUrlFlag("live: the provider's API here (wins over its env var); mock: use the mock running here instead of starting one"),
  "timeout-ms": integerFlag("MS", CASE_TIMEOUT_RANGE, `how long each call waits for its answer; ${UNANSWERED_LIMIT} calls in a row without one and that provider's other calls are not sent (could not judge)`, { env: "CONTRACT_TIMEOUT_MS", default: CASE_TIMEOUT_MS }),
  "dry-run": switchFlag("list every call a live run would make, marking those that cost money; send nothing", { requires: LIVE }),
  "max-creates": listFlag("N|NAME=N|NAME.OPERATION=N", "resources of each create kind per provider (0: read only); NAME=N for one provider, NAME.OPERATION=N for one create; each scope once", createBudgetItem, {
    requires: LIVE,
    defaultLabel: String(DEFAULT_CREATES_PER_KIND),
  }),
  strict: switchFlag("fail on every severity: judgement and additive findings too", { requires: LIVE }),
  "fail-on": severitiesFlag({ requires: LIVE }),
  allowlist: inputFileFlag("FILE", "allow-list of acknowledged findings, JSON or YAML", { requires: LIVE, defaultLabel: "contract-allowlist.json when present" }),
  baseline: inputFileFlag("FILE", "an earlier report.json: mark each finding new or still open, list the ones gone", { requires: LIVE }),
  out: outputDirFlag("DIR", "folder for report.json, report.md and junit.xml", { requires: LIVE, defaultLabel: "reports/drift" }),
};

/** The contract command. */
export const contractCommand: Command<typeof CONTRACT_FLAGS> = {
  name: "contract",
  summary: "Runs every contract case against Prism mocks started on 127.0.0.1 (default), or against the live APIs of the providers whose key is set, classifying every response into the drift report.",
  flags: CONTRACT_FLAGS,
  errorExitCode: 2,
  notes: [
    `env: ${CONTRACT_PROVIDERS.map((p) => p.definition.apiKeyEnv).join(", ")} (live keys); the clients' base-URL variables (${CONTRACT_PROVIDERS[0]!.definition.baseUrlEnv}, ...)`,
    "exit: 0 passed; 1 failed cases or drift (a finding of a --fail-on severity); 2 could not judge (usage, bad file, no provider ran, a target or given mock that looks misconfigured, mocks could not start)",
  ],
  examples: ["--provider thinkrun", "--target live --dry-run", "--target live --provider browser-use --base-url browser-use=http://127.0.0.1:4010 --out reports/drift"],
  async run(values, context) {
    // A mock run that starts a mock has the Prism worker import Prism now, beside the runner's modules below.
    if (values.target === "mock" && (values.provider ?? PROVIDER_NAMES).some((name) => values["base-url"]?.[name] === undefined)) preloadPrism();
    const [{ describeLiveRun, executeContract, reportExitCode }, { CleanupRegistry }, { renderSummary }, { interruptOnSignals }, { withReportDefaults }] = await Promise.all([
      import("./contract-run.js"),
      import("../contract-tests/runner/live.js"),
      import("../contract-tests/drift/report.js"),
      import("../contract-tests/drift/live-run.js"),
      import("./report-defaults.js"),
    ]);
    const reportFiles = values.target === "live" ? withReportDefaults(values, context.cwd) : {};
    const options: ContractOptions = {
      target: values.target,
      ...(values.provider ? { providers: values.provider } : {}),
      ...(values["base-url"] ? { baseUrls: values["base-url"] } : {}),
      caseTimeoutMs: values["timeout-ms"],
      ...(values["max-creates"] !== undefined ? { maxCreates: values["max-creates"] } : {}),
      ...(values.target === "live" ? { strict: values.strict } : {}),
      ...(values["fail-on"] !== undefined ? { failOn: values["fail-on"] } : {}),
      ...(values.baseline !== undefined ? { baseline: values.baseline } : {}),
      ...reportFiles,
      log: (line) => console.log(line),
    };
    if (values["dry-run"]) {
      for (const line of describeLiveRun(options)) console.log(line);
      return 0;
    }
    const cleanups = new CleanupRegistry();
    const started = performance.now();
    if (values.target === "live") {
      // An interrupted run stops sending, undoes what it created and writes its report before it exits.
      const interrupt = interruptOnSignals(cleanups, (line) => console.log(line));
      try {
        const { report, files } = await executeContract({ ...options, signal: interrupt.signal }, { cleanups });
        for (const line of renderSummary(report as DriftReport, files)) console.log(line);
        console.log(`live    ${Math.round(performance.now() - started)} ms`);
        return interrupt.exitCode() ?? reportExitCode(report);
      } finally {
        interrupt.dispose();
      }
    }
    // An interrupted mock run stops the mocks it started before it exits.
    process.once("SIGINT", () => {
      console.log(`interrupted: stopping ${cleanups.size} mock(s)`);
      void cleanups.run().finally(() => process.exit(130));
    });
    const { report } = await executeContract(options, { cleanups });
    if (report.mode === "mock") {
      for (const provider of report.providers) {
        // A mock that did not answer (or is not the mock) fails every case the same way: one line says why.
        if (provider.status === "could-not-judge") console.log(`??   ${provider.name.padEnd(12)} could not judge: ${provider.reason}`);
        else for (const line of operationLines(provider.name, provider.cases)) console.log(line);
      }
      console.log(
        report.exitCode === 2
          ? `contract: could not judge (exit 2): ${report.failureReasons.join("; ")}`
          : `contract: ${report.summary.cases.passed} passed, ${report.summary.cases.failed} failed`,
      );
    }
    return reportExitCode(report);
  },
};

/** One line per operation (`ok` or `FAIL`, passed/total), then each failed case with its failures. */
export function operationLines(provider: string, cases: readonly CaseReport[]): string[] {
  const byOperation = new Map<string, CaseReport[]>();
  for (const c of cases) byOperation.set(c.operationId, [...(byOperation.get(c.operationId) ?? []), c]);
  const label = (group: CaseReport[]) => `${group[0]!.operationId} (${group[0]!.operation})`;
  const width = Math.max(0, ...[...byOperation.values()].map((group) => label(group).length));
  const lines: string[] = [];
  for (const group of byOperation.values()) {
    const failed = group.filter((c) => c.outcome === "failed");
    lines.push(`${failed.length === 0 ? "ok  " : "FAIL"} ${provider.padEnd(12)} ${label(group).padEnd(width)}  ${group.length - failed.length}/${group.length} cases passed`);
    for (const c of failed) {
      lines.push(`       ✗ ${c.name}`);
      for (const failure of c.failures) lines.push(`           ${failure.check}: ${failure.message}`);
    }
  }
  return lines;
}
