/** A live contract run with its drift report: select targets, run the cases safely, classify, report. */
import { sentHeaderValue } from "../../src/core/redact.js";
import { describeScenario } from "../runner/live-dry-run.js";
import { parseCreateBudget, type CreateBudget } from "../runner/live-policy.js";
import { resourceKinds } from "../runner/live-resources.js";
import { CleanupRegistry, planLive, runLiveSuite, selectLiveTarget, type LiveCaseResult, type LiveRun } from "../runner/live.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import { specFor } from "../runner/suite.js";
import { DriftCollector } from "./collect.js";
import { finishRun, loadRunInputs, specVersion, type DriftRunOptions } from "./drift-run.js";
import type { CaseReport, DriftReport, ProviderReport } from "./report.js";
import { liveCalls, misconfiguration, stalled } from "./target-health.js";

/** Options of a live drift run (the report options, strict/failOn/allowlist/baseline/out, are {@link DriftRunOptions}). */
export interface LiveDriftOptions extends DriftRunOptions {
  providers: readonly ContractProvider[];
  /** Where keys and base URLs are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Create budget: a parsed budget, or `--max-creates` values (`N`, `provider=N`, `provider.operationId=N`). Default one of each create kind per provider. */
  maxCreates?: CreateBudget | readonly string[];
  /** Pending cleanups. */
  cleanups?: CleanupRegistry;
  /** Aborting it interrupts the run: no further request is sent, what was created is cleaned up, the report is written. */
  signal?: AbortSignal;
  /** Progress lines (one per provider, one per cleanup). */
  log?: (line: string) => void;
  /** How long each call waits for its answer, in ms (default `CASE_TIMEOUT_MS`, 30 s). */
  caseTimeoutMs?: number;
}

/** Every API key set in the environment for any known provider, as set and as sent: redacted from every report. */
export function secretsIn(env: NodeJS.ProcessEnv, providers: readonly ContractProvider[] = CONTRACT_PROVIDERS): string[] {
  const names = new Set([...CONTRACT_PROVIDERS, ...providers].map((p) => p.definition.apiKeyEnv));
  const values = [...names].map((name) => env[name]).filter((v): v is string => typeof v === "string" && v !== "");
  // A key with a secret file's trailing newline is sent (and may be echoed) without it.
  return [...new Set(values.flatMap((v) => [v, sentHeaderValue(v)]))].filter((v) => v !== "");
}

function caseReport(result: LiveCaseResult): CaseReport {
  return {
    name: result.case.name,
    operationId: result.case.operationId,
    operation: result.operation,
    outcome: result.skipped !== undefined ? "skipped" : result.failures.length > 0 ? "failed" : "passed",
    status: result.status ?? null,
    ...(result.skipped !== undefined ? { reason: result.skipped } : {}),
    failures: result.failures,
    durationMs: result.durationMs,
  };
}

function budgetOf(maxCreates: LiveDriftOptions["maxCreates"], providers: readonly ContractProvider[]): CreateBudget {
  if (maxCreates !== undefined && !Array.isArray(maxCreates)) return maxCreates as CreateBudget;
  const all = [...new Set([...CONTRACT_PROVIDERS, ...providers])];
  const kinds = all.flatMap((p) => resourceKinds(specFor(p)).map((k) => `${p.definition.name}.${k.create}`));
  return parseCreateBudget(maxCreates as readonly string[] | undefined, { providers: all.map((p) => p.definition.name), kinds });
}

/** The dry run: each provider's scenario in order, what costs money, where each id comes from, the coverage it reaches; sends nothing. */
export function dryRunLines(options: Pick<LiveDriftOptions, "providers" | "env" | "maxCreates">): string[] {
  const env = options.env ?? process.env;
  const budget = budgetOf(options.maxCreates, options.providers);
  const lines = options.providers.flatMap((provider) => describeScenario(selectLiveTarget(provider, env), planLive(provider, budget, env)));
  lines.push("dry run: nothing was sent");
  return lines;
}

function coverageLine(run: LiveRun): string[] {
  const c = run.coverage;
  return [
    `coverage ${run.provider}: ${c.covered.length}/${c.operations} operations got a live success response (${c.percent}%)`,
    ...c.missing.map((m) => `        no live success: ${m.operationId}: ${m.reason}`),
  ];
}

/** Runs the live cases of every provider with a key, one provider after another, and writes the reports. */
export async function runLiveDrift(options: LiveDriftOptions): Promise<{ report: DriftReport; files: string[] }> {
  const env = options.env ?? process.env;
  // A bad allow-list or baseline fails here, before any live call.
  const inputs = loadRunInputs(options, options.providers);
  const budget = budgetOf(options.maxCreates, options.providers);
  const cleanups = options.cleanups ?? new CleanupRegistry();
  const byName = new Map(options.providers.map((p) => [p.definition.name, p]));
  const collector = new DriftCollector((name) => specFor(byName.get(name)!));
  const providers: ProviderReport[] = [];
  for (const provider of options.providers) {
    const name = provider.definition.name;
    const selection = selectLiveTarget(provider, env);
    if (options.signal?.aborted) {
      providers.push({ name, status: "skipped", reason: "interrupted before this provider ran", specVersion: specVersion(provider), cases: [], cleanup: [] });
      continue;
    }
    if (!selection.target) {
      options.log?.(`skip    ${name}: ${selection.skipReason}`);
      providers.push({ name, status: "skipped", reason: selection.skipReason!, specVersion: specVersion(provider), cases: [], cleanup: [] });
      continue;
    }
    const started = performance.now();
    const target = options.caseTimeoutMs === undefined ? selection.target : { ...selection.target, timeoutMs: options.caseTimeoutMs };
    const run = await runLiveSuite(provider, target, planLive(provider, budget, env), { cleanups, ...(options.log ? { log: options.log } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    options.log?.(`live    ${name}: ${run.exchanges.length} response(s) in ${Math.round(performance.now() - started)} ms${run.interrupted ? " (interrupted)" : ""}`);
    coverageLine(run).forEach((line) => options.log?.(line));
    // A target that looks misconfigured is "could not judge": its responses are not classified as drift.
    const unjudgeable = run.stalled ? stalled(run.baseUrl!, run.stalled, provider.definition.baseUrlEnv) : misconfiguration(run.baseUrl!, liveCalls(run), provider.definition.baseUrlEnv);
    if (!unjudgeable) for (const exchange of run.exchanges) collector.add(exchange);
    const status = unjudgeable ? { status: "could-not-judge" as const, reason: unjudgeable } : { status: "ran" as const };
    providers.push({
      name,
      ...status,
      baseUrl: run.baseUrl!,
      specVersion: specVersion(provider),
      cases: run.cases.map(caseReport),
      cleanup: run.cleanup,
      coverage: run.coverage,
      ...(run.interrupted ? { interrupted: true } : {}),
    });
  }
  return finishRun(collector, providers, inputs, { ...options, mode: "live", secrets: secretsIn(env, options.providers) });
}

/** An interrupt of a live run by a signal: abort `signal`, read `exitCode` (130 SIGINT, 143 SIGTERM) once it fired. */
export interface RunInterrupt {
  signal: AbortSignal;
  /** Undefined until a signal came. */
  exitCode(): number | undefined;
  /** Removes the signal handlers. */
  dispose(): void;
}

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into an interrupt of the live run: the first one stops the scenario
 * (no further request; what was created is cleaned up and the report written); a second one exits at
 * once, naming the resources whose cleanup had not started.
 */
export function interruptOnSignals(cleanups: CleanupRegistry, log: (line: string) => void = console.log): RunInterrupt {
  const controller = new AbortController();
  let code: number | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (code !== undefined) {
      log(`${signal} again: exiting without cleanup of ${cleanups.waiting.join(", ") || "nothing more"}; check the provider's dashboard`);
      process.exit(code);
    }
    code = signal === "SIGTERM" ? 143 : 130;
    log(`interrupted (${signal}): no further request; cleaning up what the run created (${signal} again to exit at once)`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}
