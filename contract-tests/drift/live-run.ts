/** A live contract run with its drift report: select targets, run the cases safely, classify, report. */
import { CleanupRegistry, DEFAULT_MAX_CREATES, describePlan, planLive, runLiveSuite, selectLiveTarget, type CreateBudget, type LiveCaseResult } from "../runner/live.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import { specFor } from "../runner/suite.js";
import { DriftCollector } from "./collect.js";
import { finishRun, loadRunInputs, specVersion, type DriftRunOptions } from "./drift-run.js";
import type { CaseReport, DriftReport, ProviderReport } from "./report.js";
import { liveCalls, misconfiguration } from "./target-health.js";

/** Options of a live drift run (the report options, strict/failOn/allowlist/baseline/out, are {@link DriftRunOptions}). */
export interface LiveDriftOptions extends DriftRunOptions {
  providers: readonly ContractProvider[];
  /** Where keys and base URLs are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Budget of created resources for the whole run. Default {@link DEFAULT_MAX_CREATES}. */
  maxCreates?: number;
  /** Pending cleanups, shared with a SIGINT handler. */
  cleanups?: CleanupRegistry;
  /** Progress lines (one per provider, one per cleanup). */
  log?: (line: string) => void;
}

/** Every API key set in the environment for any known provider: redacted from every report. */
export function secretsIn(env: NodeJS.ProcessEnv, providers: readonly ContractProvider[] = CONTRACT_PROVIDERS): string[] {
  const names = new Set([...CONTRACT_PROVIDERS, ...providers].map((p) => p.definition.apiKeyEnv));
  return [...names].map((name) => env[name]).filter((v): v is string => typeof v === "string" && v !== "");
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

/** The dry run: the calls a live run would make, creates marked as costing money; sends nothing. */
export function dryRunLines(options: Pick<LiveDriftOptions, "providers" | "env" | "maxCreates">): string[] {
  const budget: CreateBudget = { limit: options.maxCreates ?? DEFAULT_MAX_CREATES, used: 0 };
  const lines = options.providers.flatMap((provider) => {
    const selection = selectLiveTarget(provider, options.env ?? process.env);
    // A provider without a key spends no budget: it would not run.
    const plan = planLive(provider, selection.target ? budget : { limit: budget.limit, used: budget.used });
    return describePlan(selection, plan);
  });
  lines.push(`dry run: nothing was sent; create budget ${budget.used}/${budget.limit} (--max-creates)`);
  return lines;
}

/** Runs the live cases of every provider with a key, one provider after another, and writes the reports. */
export async function runLiveDrift(options: LiveDriftOptions): Promise<{ report: DriftReport; files: string[] }> {
  const env = options.env ?? process.env;
  // Drift: a bad allow-list or baseline fails here, before any live call.
  const inputs = loadRunInputs(options, options.providers);
  const budget: CreateBudget = { limit: options.maxCreates ?? DEFAULT_MAX_CREATES, used: 0 };
  const cleanups = options.cleanups ?? new CleanupRegistry();
  const byName = new Map(options.providers.map((p) => [p.definition.name, p]));
  const collector = new DriftCollector((name) => specFor(byName.get(name)!));
  const providers: ProviderReport[] = [];
  for (const provider of options.providers) {
    const name = provider.definition.name;
    const selection = selectLiveTarget(provider, env);
    if (!selection.target) {
      options.log?.(`skip    ${name}: ${selection.skipReason}`);
      providers.push({ name, status: "skipped", reason: selection.skipReason!, specVersion: specVersion(provider), cases: [], cleanup: [] });
      continue;
    }
    const started = performance.now();
    const run = await runLiveSuite(provider, selection.target, planLive(provider, budget), { cleanups, log: options.log });
    options.log?.(`live    ${name}: ${run.exchanges.length} response(s) in ${Math.round(performance.now() - started)} ms`);
    // Drift: a target that looks misconfigured is "could not judge"; its responses are not classified as drift.
    const unjudgeable = misconfiguration(run.baseUrl!, liveCalls(run), provider.definition.baseUrlEnv);
    if (!unjudgeable) for (const exchange of run.exchanges) collector.add(exchange);
    const status = unjudgeable ? { status: "could-not-judge" as const, reason: unjudgeable } : { status: "ran" as const };
    providers.push({ name, ...status, baseUrl: run.baseUrl!, specVersion: specVersion(provider), cases: run.cases.map(caseReport), cleanup: run.cleanup });
  }
  return finishRun(collector, providers, inputs, { ...options, mode: "live", secrets: secretsIn(env, options.providers) });
}
