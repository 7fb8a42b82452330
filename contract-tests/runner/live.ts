/**
 * Live targets: which providers run live, what a live run would call (the dry run), and the run itself.
 *
 * Safety rules, in order: mock-only cases (`mockOnly`, `prefer`) never run live; a mutating call runs
 * only when its case is marked `creates` and its provider's live config knows how to undo it; creates
 * run one at a time, capped by a per-run budget and by the provider's `capCreate`, and only ever against
 * resources this run created; every created resource is undone when the provider's run ends, whatever
 * happened, and on SIGINT through the {@link CleanupRegistry}.
 *
 * Path ids in a case table are the mock's fixtures and mean nothing live. A live case gets its path ids
 * from a resource this run created, else from the provider's id source (a read-only list call, made
 * once); a case that cannot get one is skipped with the reason. A case that expects 404 keeps its own
 * ids: an unknown id is unknown everywhere.
 */
import { LIVE_CONFIG, type CreateConfig, type LiveConfig, type LiveRequest } from "./live-config.js";
import type { ContractProvider } from "./providers.js";
import { caseUrl, checkResponse, sendCase, type SentCase } from "./run-case.js";
import type { SpecIndex } from "./spec-index.js";
import { specFor } from "./suite.js";
import type { CaseResult, ContractCase, ObservedResponse, Target } from "./types.js";

/** Creates a live run may send across all providers unless `--max-creates` says otherwise. */
export const DEFAULT_MAX_CREATES = 2;
/** Read cases in flight at once per provider on a live target (creates always run one at a time). */
export const LIVE_CASE_CONCURRENCY = 2;
/** Checks whose failures the drift report carries as classified findings (subject to the allow-list). */
export const DRIFT_CHECKS: ReadonlySet<string> = new Set(["statusCodeConformance", "contentTypeConformance", "responseSchemaConformance", "decimalPattern"]);

/** A provider selected for a live run: its target, or why it is skipped. */
export interface LiveSelection {
  provider: ContractProvider;
  target?: Target;
  /** The key in use (to redact from every report). */
  apiKey?: string;
  skipReason?: string;
}

/** A live response, for the drift classifier. */
export interface LiveExchange {
  provider: string;
  operationId: string;
  /** The case name, `id discovery`, or `cleanup`. */
  source: string;
  response: ObservedResponse;
}

/** A case of a live run; `skipped` carries the reason when it did not run. */
export interface LiveCaseResult extends CaseResult {
  skipped?: string;
}

/** What undoing one created resource did. */
export interface CleanupResult {
  /** The create that made the resource. */
  operationId: string;
  /** The resource, e.g. `session_id=3f0c…`. */
  resource: string;
  /** `done` (every call 2xx, or 404/410: already gone), `failed`, or `impossible` (nothing to call). */
  outcome: "done" | "failed" | "impossible";
  /** The calls and their statuses, or why nothing could be called. */
  message: string;
}

/** One provider's live run. */
export interface LiveRun {
  provider: string;
  baseUrl?: string;
  /** Set when the provider did not run live at all. */
  skipped?: string;
  cases: LiveCaseResult[];
  cleanup: CleanupResult[];
  exchanges: LiveExchange[];
}

/** A case as a live run would treat it. */
export interface PlannedCall {
  case: ContractCase;
  /** `POST /sessions`. */
  operation: string;
  /** `create` costs money; `read` does not. */
  kind: "create" | "read";
  /** Why it will not run; undefined when it will. */
  skip?: string;
  /** Path parameters and where their live values come from. */
  pathIds: { name: string; from: string }[];
}

/** The per-run budget of created resources, shared by every provider of the run. */
export interface CreateBudget {
  limit: number;
  used: number;
}

function env(values: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = values[name];
  return value === undefined || value === "" ? undefined : value;
}

/** The live target of a provider: key and base URL from the env vars its client reads. */
export function selectLiveTarget(provider: ContractProvider, values: NodeJS.ProcessEnv = process.env): LiveSelection {
  const { apiKeyEnv, baseUrlEnv, defaultBaseUrl, authHeaders } = provider.definition;
  const apiKey = env(values, apiKeyEnv);
  if (!apiKey) return { provider, skipReason: `${apiKeyEnv} is not set` };
  const baseUrl = env(values, baseUrlEnv) ?? defaultBaseUrl;
  return { provider, apiKey, target: { kind: "live", baseUrl, headers: authHeaders(apiKey) } };
}

function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** Why a case does not run live, before any budget; undefined when it may. */
export function liveSkipReason(contractCase: ContractCase, spec: SpecIndex, config: LiveConfig | undefined): string | undefined {
  if (contractCase.prefer) return `mock-only: needs Prism's Prefer header (${Object.entries(contractCase.prefer).map(([k, v]) => `${k}=${v}`).join(", ")})`;
  if (contractCase.mockOnly) return "mock-only: relies on the mock's request validation or fixtures";
  const method = spec.operation(contractCase.operationId).method.toUpperCase();
  if (contractCase.creates) {
    return config?.creates[contractCase.operationId] ? undefined : `creates, but live-config.ts defines no cleanup for ${contractCase.operationId}`;
  }
  if (method !== "GET" && method !== "HEAD") return `mutating call (${method}) not marked creates: live runs are read-only apart from budgeted creates`;
  return undefined;
}

/** What a live run of a provider would do, case by case; consumes the create budget in table order. */
export function planLive(provider: ContractProvider, budget: CreateBudget): PlannedCall[] {
  const spec = specFor(provider);
  const config = LIVE_CONFIG[provider.definition.name];
  return provider.cases.map((contractCase) => {
    const operation = spec.operation(contractCase.operationId);
    const kind = contractCase.creates ? "create" : "read";
    let skip = liveSkipReason(contractCase, spec, config);
    if (!skip && kind === "create") {
      if (budget.used >= budget.limit) skip = `create budget spent (--max-creates ${budget.limit})`;
      else budget.used++;
    }
    const pathIds = pathParams(operation.path).map((name) => {
      if (contractCase.expect.status === 404) return { name, from: "the case (an unknown id)" };
      const source = config?.idSources[name];
      if (kind === "create") return { name, from: "a resource this run created" };
      return { name, from: source ? `a resource this run created, else ${source.list.operationId}` : "a resource this run created" };
    });
    return { case: contractCase, operation: `${operation.method.toUpperCase()} ${operation.path}`, kind, ...(skip ? { skip } : {}), pathIds };
  });
}

/** The dry-run listing of a provider: one line per call a live run would make, creates marked as costing money. */
export function describePlan(selection: LiveSelection, plan: PlannedCall[]): string[] {
  const { provider, target, skipReason } = selection;
  const config = LIVE_CONFIG[provider.definition.name];
  const baseUrl = target?.baseUrl ?? provider.definition.defaultBaseUrl;
  const lines = [`${provider.definition.name}: ${skipReason ? `would be skipped (${skipReason})` : `would run against ${baseUrl}`}`];
  const discovery = new Set<string>();
  // Mock-only cases are most of a table: counted, not listed.
  const mockOnly = plan.filter((call) => call.skip?.startsWith("mock-only")).length;
  for (const call of plan) {
    if (call.skip) {
      if (!call.skip.startsWith("mock-only")) lines.push(`  skip         ${call.operation}  ${call.case.name}: ${call.skip}`);
      continue;
    }
    for (const id of call.pathIds) {
      const source = config?.idSources[id.name];
      if (call.kind === "read" && source && !discovery.has(id.name)) {
        discovery.add(id.name);
        const list = specFor(provider).operation(source.list.operationId);
        lines.push(`  read         ${list.method.toUpperCase()} ${caseUrl(baseUrl, list.path, source.list.request)}  id discovery for {${id.name}} (only when no created resource provides it)`);
      }
    }
    const ids = call.pathIds.length ? `  [${call.pathIds.map((p) => `{${p.name}} from ${p.from}`).join("; ")}]` : "";
    if (call.kind === "create") {
      const create = config!.creates[call.case.operationId]!;
      const undo = create.cleanup ? create.cleanup(new Proxy({}, { get: (_, key) => `{${String(key)}}` })).map((c) => c.operationId).join(", ") : "covered by its parent's cleanup";
      const capped = config?.capCreate ? "; cost capped" : "";
      lines.push(`  COSTS MONEY  ${call.operation}  ${call.case.name}  [creates a resource${capped}; cleanup: ${undo}]${ids}`);
    } else {
      lines.push(`  read         ${call.operation}  ${call.case.name}${ids}`);
    }
  }
  lines.push(`  (${mockOnly} mock-only case(s) not listed: they never run live)`);
  return lines;
}

/** Pending cleanups of created resources; each runs once, at the end of its provider's run or on SIGINT. */
export class CleanupRegistry {
  private next = 0;
  private readonly pending = new Map<number, { provider: string; run: () => Promise<void> }>();
  private readonly inFlight = new Set<Promise<void>>();

  /** Registers the cleanup of one created resource. */
  add(provider: string, run: () => Promise<void>): void {
    this.pending.set(this.next++, { provider, run });
  }

  /** Cleanups registered and not yet started. */
  get size(): number {
    return this.pending.size;
  }

  /** Runs the pending cleanups (of one provider, or of all) and waits for every cleanup in flight. */
  async run(provider?: string): Promise<void> {
    for (const [id, entry] of this.pending) {
      if (provider !== undefined && entry.provider !== provider) continue;
      this.pending.delete(id);
      const promise = entry.run().catch(() => undefined);
      this.inFlight.add(promise);
      void promise.finally(() => this.inFlight.delete(promise));
    }
    await Promise.all([...this.inFlight]);
  }
}

function syntheticCase(call: LiveRequest, name: string): ContractCase {
  return { name, operationId: call.operationId, ...(call.request ? { request: call.request } : {}), expect: { status: 200 } };
}

/** Runs one provider's plan against its live target; the provider's cleanups run before it returns. */
export async function runLiveSuite(
  provider: ContractProvider,
  target: Target,
  plan: PlannedCall[],
  options: { cleanups: CleanupRegistry; log?: (line: string) => void },
): Promise<LiveRun> {
  const name = provider.definition.name;
  const spec = specFor(provider);
  const config = LIVE_CONFIG[name];
  const run: LiveRun = { provider: name, baseUrl: target.baseUrl, cases: [], cleanup: [], exchanges: [] };
  const results = new Map<ContractCase, LiveCaseResult>();
  const created: Record<string, string> = {};
  const discovered = new Map<string, Promise<{ id?: string; why: string }>>();

  const send = async (contractCase: ContractCase, source: string): Promise<SentCase> => {
    const sent = await sendCase(spec, target, contractCase);
    if (sent.response) run.exchanges.push({ provider: name, operationId: contractCase.operationId, source, response: sent.response });
    return sent;
  };
  const result = (contractCase: ContractCase, sent: SentCase): LiveCaseResult => ({
    provider: name,
    case: contractCase,
    operation: sent.label,
    status: sent.response?.status,
    failures: sent.response
      ? checkResponse(spec, sent.operation, contractCase, sent.response, target).filter((f) => !DRIFT_CHECKS.has(f.check))
      : [{ check: "transport", message: sent.transportError ?? "request failed" }],
    durationMs: sent.durationMs,
  });
  const discover = (param: string): Promise<{ id?: string; why: string }> => {
    let found = discovered.get(param);
    if (!found) {
      const source = config?.idSources[param];
      found = !source
        ? Promise.resolve({ why: `no id source for {${param}} in live-config.ts` })
        : send(syntheticCase(source.list, `id discovery: ${source.list.operationId}`), "id discovery").then((sent) => {
            const status = sent.response?.status;
            if (status === undefined || status >= 300) return { why: `${source.list.operationId} answered ${status ?? sent.transportError}` };
            const id = source.pick(sent.response!.json);
            return id ? { id, why: "" } : { why: `${source.list.operationId} returned no item` };
          });
      discovered.set(param, found);
    }
    return found;
  };
  const resolvePath = async (call: PlannedCall): Promise<{ contractCase?: ContractCase; skip?: string }> => {
    if (call.pathIds.length === 0 || call.case.expect.status === 404) return { contractCase: call.case };
    const path: Record<string, string> = { ...(call.case.request?.path ?? {}) };
    for (const { name: param } of call.pathIds) {
      if (created[param]) path[param] = created[param]!;
      else if (call.kind === "create") return { skip: `no live value for {${param}}: creates only target resources this run created, and none provides it` };
      else {
        const { id, why } = await discover(param);
        if (!id) return { skip: `no live value for {${param}}: ${why}` };
        path[param] = id;
      }
    }
    return { contractCase: { ...call.case, request: { ...call.case.request, path } } };
  };
  const registerCleanup = (operationId: string, create: CreateConfig, body: unknown) => {
    const ids = create.ids(body);
    const resource = Object.entries(ids).map(([k, v]) => `${k}=${v}`).join(", ") || "(unknown)";
    if (!create.cleanup) return;
    if (Object.keys(ids).length === 0) {
      run.cleanup.push({ operationId, resource, outcome: "impossible", message: "the create's response names no resource to undo; check the provider's dashboard" });
      return;
    }
    const calls = create.cleanup(ids);
    options.cleanups.add(name, async () => {
      const statuses: string[] = [];
      let ok = true;
      for (const call of calls) {
        const sent = await send(syntheticCase(call, `cleanup: ${call.operationId}`), "cleanup");
        const status = sent.response?.status;
        // 404 / 410: already gone, which is what the cleanup wants.
        const done = status !== undefined && (status < 300 || status === 404 || status === 410);
        ok &&= done;
        statuses.push(`${call.operationId} ${status ?? sent.transportError}`);
      }
      const entry: CleanupResult = { operationId, resource, outcome: ok ? "done" : "failed", message: statuses.join("; ") };
      run.cleanup.push(entry);
      options.log?.(`cleanup ${name} ${resource}: ${entry.outcome} (${entry.message})`);
    });
  };

  try {
    // Creates first, one at a time, so later reads can use what they created.
    for (const call of plan.filter((c) => c.kind === "create" && !c.skip)) {
      const resolved = await resolvePath(call);
      if (!resolved.contractCase) {
        results.set(call.case, skipped(name, call, resolved.skip!));
        continue;
      }
      const capped = config?.capCreate?.(resolved.contractCase) ?? resolved.contractCase;
      const sent = await send(capped, call.case.name);
      const create = config!.creates[call.case.operationId]!;
      if (!sent.response) {
        run.cleanup.push({ operationId: call.case.operationId, resource: "(unknown)", outcome: "impossible", message: `no response (${sent.transportError}); the create may have reached the server: check the provider's dashboard` });
      } else if (sent.response.status < 300) {
        Object.entries(create.ids(sent.response.json)).forEach(([k, v]) => (created[k] ??= v));
        registerCleanup(call.case.operationId, create, sent.response.json);
      }
      results.set(call.case, result(call.case, sent));
    }
    const reads = plan.filter((c) => c.kind === "read" && !c.skip);
    let next = 0;
    const worker = async () => {
      while (next < reads.length) {
        const call = reads[next++]!;
        const resolved = await resolvePath(call);
        results.set(call.case, resolved.contractCase ? result(resolved.contractCase, await send(resolved.contractCase, call.case.name)) : skipped(name, call, resolved.skip!));
      }
    };
    await Promise.all(Array.from({ length: Math.min(LIVE_CASE_CONCURRENCY, reads.length) }, worker));
  } finally {
    await options.cleanups.run(name);
  }
  run.cases = plan.map((call) => results.get(call.case) ?? skipped(name, call, call.skip ?? "not run"));
  return run;
}

function skipped(provider: string, call: PlannedCall, reason: string): LiveCaseResult {
  return { provider, case: call.case, operation: call.operation, failures: [], durationMs: 0, skipped: reason };
}
