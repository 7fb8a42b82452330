/**
 * Live targets and the live scenario run (planned in live-plan.ts from the spec's links).
 *
 * Safety rules: every id a request carries comes from a resource this run created, from an env var the
 * user set, or from a list call, never from the case table (whose ids are the mock's test data); creates
 * run one at a time within the per-kind budget, with every cost cap the spec names set low; a created
 * resource's cleanup is registered the moment its create answers and runs when the scenario ends, after
 * a failed check, a failed create, a dropped connection or an interrupt (`signal`); the run changes only
 * what it created, and creates inside a resource it was given only what it can clean up again.
 */
import { coverageOf, type LiveCoverage } from "./live-coverage.js";
import { CleanupRegistry, runCleanupCalls, type CleanupCall, type CleanupResult } from "./live-cleanup.js";
import { planScenario, type PlannedStep, type Scenario } from "./live-plan.js";
import { LIVE_COST_CAPS, type CreateBudget } from "./live-policy.js";
import { resourceKinds, type ResourceKind } from "./live-resources.js";
import { followStream } from "./live-stream.js";
import { freshValue, parameterSchema, schemaPointerAt } from "./fresh-id.js";
import type { ContractProvider } from "./providers.js";
import { CASE_TIMEOUT_MS, sendCase, type SentCase } from "./run-case.js";
import { applyLink, readPointer, type LinkContext } from "./spec-links.js";
import type { SpecIndex } from "./spec-index.js";
import { specFor } from "./suite.js";
import { TargetWatch, type TargetStall } from "./target-watch.js";
import type { CaseResult, CheckFailure, ContractCase, ObservedResponse, Target } from "./types.js";

export { CleanupRegistry, type CleanupResult } from "./live-cleanup.js";
export { coverageOf, type LiveCoverage } from "./live-coverage.js";

/** A provider selected for a live run: its target, or why it is skipped. */
export interface LiveSelection {
  provider: ContractProvider;
  target?: Target;
  /** The key in use (to redact from every report). */
  apiKey?: string;
  skipReason?: string;
  /** Headers the target sends from env vars (`X-Org-Id` from `EVERRUNS_ORG_ID`), by header name -> env var. */
  envHeaders?: Record<string, string>;
}

/** A live response, for the drift classifier. */
export interface LiveExchange {
  provider: string;
  operationId: string;
  /** The step name, `id discovery`, or `cleanup`. */
  source: string;
  response: ObservedResponse;
}

/** A case of a live run; `skipped` carries the reason when it did not run. */
export interface LiveCaseResult extends CaseResult {
  skipped?: string;
}

/** One provider's live run. */
export interface LiveRun {
  provider: string;
  baseUrl?: string;
  cases: LiveCaseResult[];
  cleanup: CleanupResult[];
  exchanges: LiveExchange[];
  coverage: LiveCoverage;
  /** The run was interrupted before its scenario ended. */
  interrupted?: boolean;
  /** The target stopped answering (calls in a row timed out with no response); the later steps were not sent. */
  stalled?: TargetStall;
}

function env(values: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = values[name];
  return value === undefined || value === "" ? undefined : value;
}

/** The live target of a provider: key and base URL from the env vars its client reads, plus its env headers. */
export function selectLiveTarget(provider: ContractProvider, values: NodeJS.ProcessEnv = process.env): LiveSelection {
  const { apiKeyEnv, baseUrlEnv, defaultBaseUrl, authHeaders } = provider.definition;
  const envHeaders = provider.envHeaders ?? {};
  const apiKey = env(values, apiKeyEnv);
  if (!apiKey) return { provider, skipReason: `${apiKeyEnv} is not set` };
  const baseUrl = env(values, baseUrlEnv) ?? defaultBaseUrl;
  const fromEnv = Object.entries(envHeaders).filter(([, name]) => env(values, name) !== undefined);
  const headers = { ...Object.fromEntries(fromEnv.map(([header, name]) => [header, env(values, name)!])), ...authHeaders(apiKey) };
  return { provider, apiKey, target: { kind: "live", baseUrl, headers }, envHeaders: Object.fromEntries(fromEnv) };
}

/** Plans a provider's scenario with the run's budget and environment (see live-plan.ts). */
export function planLive(provider: ContractProvider, budget: CreateBudget, values: NodeJS.ProcessEnv = process.env): Scenario {
  return planScenario(provider, { budget, env: values });
}

/** A resource the scenario can address: created by the run, given by the user, or listed. */
interface Instance {
  kind: ResourceKind;
  owned: boolean;
  context: LinkContext;
  /** `session_id=…`. */
  resource: string;
}

function setPointer(pointer: string, value: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const segments = pointer.split("/").slice(1);
  let node = root;
  segments.forEach((seg, i) => {
    if (i === segments.length - 1) node[seg] = value;
    else node = (node[seg] = {}) as Record<string, unknown>;
  });
  return root;
}

function mergeBody(linked: unknown, template: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (isObject(linked) && isObject(template)) return { ...linked, ...template };
  return template ?? linked;
}

/**
 * A 2xx the spec documents, or one it does not document at all: the request did what was asked, and an
 * undocumented status is the drift report's `undocumented-status` finding (which an allow-list entry can
 * acknowledge), not a second, unacknowledgeable case failure.
 */
function isSuccess(spec: SpecIndex, step: PlannedStep, status: number): boolean {
  const key = spec.response(spec.operation(step.operationId), status)?.key;
  return status >= 200 && status < 300 && (key === String(status) || key === undefined);
}

/** Runs one provider's scenario against its live target; the provider's cleanups run before it returns. */
export async function runLiveSuite(
  provider: ContractProvider,
  target: Target,
  scenario: Scenario,
  options: { cleanups: CleanupRegistry; log?: (line: string) => void; signal?: AbortSignal },
): Promise<LiveRun> {
  const name = provider.definition.name;
  const spec = specFor(provider);
  const kinds = new Map(resourceKinds(spec).map((k) => [k.create, k]));
  const run: LiveRun = { provider: name, baseUrl: target.baseUrl, cases: [], cleanup: [], exchanges: [], coverage: { operations: 0, covered: [], missing: [], percent: 0 } };
  const instances = new Map<string, Instance>();
  const absent = new Map<string, string>();
  const outcomes = new Map<string, string>();
  const dependents = new Map<string, { kind: ResourceKind; instance: Instance }[]>();
  // Counts the steps' calls only: a cleanup call is sent even to a target that stopped answering.
  const watch = new TargetWatch(target.timeoutMs ?? CASE_TIMEOUT_MS);

  const send = async (step: Pick<PlannedStep, "operationId" | "name">, request: ContractCase["request"], source: string, signal?: AbortSignal): Promise<SentCase> => {
    const contractCase: ContractCase = { name: step.name, operationId: step.operationId, request, expect: { status: 200 } };
    const sent = await sendCase(spec, target, contractCase, signal ? { signal } : {});
    watch.note(sent);
    if (sent.response) run.exchanges.push({ provider: name, operationId: step.operationId, source, response: sent.response });
    return sent;
  };
  const record = (step: PlannedStep, sent: SentCase, extra: CheckFailure[] = []) => {
    const status = sent.response?.status;
    if (status === undefined && options.signal?.aborted) {
      run.interrupted = true;
      return skip(step, "interrupted while it waited for its answer");
    }
    const failures: CheckFailure[] = [...extra];
    if (status === undefined) failures.push({ check: "transport", message: sent.transportError ?? "request failed" });
    else if (step.accept === "success" ? !isSuccess(spec, step, status) : !step.accept.includes(status)) {
      const documented = spec.documentedStatuses(sent.operation).filter((s) => /^2/.test(s));
      failures.push({ check: "expectedStatus", message: `Received: ${status} / Expected: ${step.accept === "success" ? `a documented success (${documented.join(", ")})` : step.accept.join(" or ")}` });
    }
    outcomes.set(step.operationId, outcomes.get(step.operationId) ?? (status === undefined ? `no answer (${sent.transportError})` : `answered ${status}`));
    // The status the step expected (its first documented success, or the first accepted error): what the
    // target-health check compares the answer with, so a wrong base URL's 404s are not mistaken for negatives.
    const documentedSuccess = spec.documentedStatuses(sent.operation).find((s) => /^2\d\d$/.test(s));
    const expected = step.accept === "success" ? Number(documentedSuccess ?? 200) : step.accept[0]!;
    run.cases.push({ provider: name, case: { name: step.name, operationId: step.operationId, expect: { status: expected } }, operation: sent.label, status, failures, durationMs: sent.durationMs });
  };
  const skip = (step: PlannedStep, reason: string) => {
    run.cases.push({ provider: name, case: { name: step.name, operationId: step.operationId, expect: { status: 0 } }, operation: step.label, failures: [], durationMs: 0, skipped: reason });
  };
  const resourceLabel = (kind: ResourceKind, context: LinkContext): string => {
    const link = kind.cleanup[0] ?? kind.reads[0] ?? kind.children[0];
    const path = link ? applyLink(spec.doc, link, context).path : {};
    const id = readPointer(context.responseBody, "/id");
    const parts = Object.entries(path).map(([k, v]) => `${k}=${v}`);
    return parts.join(", ") || (typeof id === "string" ? `id=${id}` : "(no id in the answer)");
  };
  const registerCleanup = (kind: ResourceKind, instance: Instance, parent: Instance | undefined) => {
    if (kind.cleanup.length === 0 && parent) {
      // Lives in its parent (a message in a session): the parent's cleanup covers it, and reports it.
      dependents.set(parent.resource, [...(dependents.get(parent.resource) ?? []), { kind, instance }]);
      return;
    }
    if (kind.cleanup.length === 0) {
      run.cleanup.push({ operationId: kind.create, resource: instance.resource, outcome: "impossible", message: "the spec names no cleanup for it (no x-cleanup link); check the provider's dashboard" });
      return;
    }
    const calls: CleanupCall[] = kind.cleanup.map((link) => {
      const linked = applyLink(spec.doc, link, instance.context);
      const op = spec.operation(link.operationId);
      const alreadyDone = provider.definition.operations[`${op.method.toUpperCase()} ${op.path}`]?.alreadyDoneStatuses ?? [];
      const request: ContractCase["request"] = { path: linked.path, query: linked.query, headers: linked.headers, ...(linked.body === undefined ? {} : { body: linked.body }) };
      return { operationId: link.operationId, alreadyDone, send: () => sendCase(spec, target, { name: `cleanup: ${link.operationId}`, operationId: link.operationId, request, expect: { status: 200 } }) };
    });
    options.cleanups.add(name, instance.resource, async () => {
      const result = await runCleanupCalls(calls, (call, sent) => run.exchanges.push({ provider: name, operationId: call.operationId, source: "cleanup", response: sent.response! }));
      const entry: CleanupResult = { operationId: kind.create, resource: instance.resource, ...result };
      const inside = (dependents.get(instance.resource) ?? []).map((d): CleanupResult => ({ operationId: d.kind.create, resource: d.instance.resource, outcome: entry.outcome, message: `inside ${instance.resource}: cleaned up with it` }));
      for (const done of [...inside, entry]) {
        run.cleanup.push(done);
        options.log?.(`cleanup ${name} ${done.operationId} ${done.resource}: ${done.outcome} (${done.message})`);
      }
    });
  };

  const freshPath = (step: PlannedStep): Record<string, string> =>
    Object.fromEntries(
      (step.negative?.freshPath ?? []).map((param) => {
        const schema = parameterSchema(spec, spec.operation(step.operationId), param);
        if (!schema) throw new Error(`${step.operationId} has no path parameter ${param}`);
        return [param, freshValue(spec, schema.pointer, schema.example)];
      }),
    );
  const bodyFieldPointer = (operationId: string, field: string): string | undefined => {
    const op = spec.operation(operationId);
    const requestBody = op.node.requestBody;
    const base = typeof requestBody?.$ref === "string" ? requestBody.$ref : `${op.pointer}/requestBody`;
    return schemaPointerAt(spec, `${base}/content/application~1json/schema`, `/${field}`);
  };

  // The fields that name a new resource get a fresh value, never the table's (which is the mock's test data).
  const freshen = (step: PlannedStep, body: unknown): unknown => {
    if (body === null || typeof body !== "object" || !step.freshBody?.length) return body;
    const out = { ...(body as Record<string, unknown>) };
    for (const field of step.freshBody) {
      const pointer = bodyFieldPointer(step.operationId, field);
      if (pointer) out[field] = freshValue(spec, pointer, typeof out[field] === "string" ? (out[field] as string) : undefined);
    }
    return out;
  };
  const runStep = async (step: PlannedStep): Promise<void> => {
    const template = step.request;
    if (step.kind === "list") return record(step, await send(step, { ...template }, step.name, options.signal));
    if (step.kind === "negative") {
      const auth = step.negative?.auth;
      const wrongKey = `contract-wrong-key-${Math.random().toString(36).slice(2, 10)}`;
      const headers = { ...(auth === undefined ? {} : Object.fromEntries(Object.entries(target.headers).filter(([h]) => !(h in provider.definition.authHeaders("x"))))), ...(auth === "wrong" ? provider.definition.authHeaders(wrongKey) : {}), ...template.headers };
      const request = { path: freshPath(step), ...(template.query ? { query: template.query } : {}), ...(template.body === undefined ? {} : { body: freshen(step, template.body) }), headers, ...(auth ? { withoutAuth: true } : {}) };
      const sent = await send(step, request, step.name, options.signal);
      record(step, sent);
      // A create that should have been refused (no key) but succeeded made something: clean it up too.
      const created = kinds.get(step.operationId);
      const status = sent.response?.status ?? 0;
      if (created && status >= 200 && status < 300) {
        const context: LinkContext = { requestPath: request.path, responseBody: sent.response!.json };
        registerCleanup(created, { kind: created, owned: true, context, resource: resourceLabel(created, context) }, undefined);
      }
      return;
    }
    const kind = kinds.get(step.resource!)!;
    if (step.kind === "discover") {
      const sent = await send(step, {}, "id discovery", options.signal);
      record(step, sent);
      const items = readPointer(sent.response?.json, kind.list!.arrayPointer);
      const first = Array.isArray(items) ? items[0] : undefined;
      if (first === undefined) absent.set(kind.create, `${step.operationId} ${sent.response ? `answered ${sent.response.status} with no item` : "got no answer"}`);
      else instances.set(kind.create, { kind, owned: false, context: { responseBody: first }, resource: resourceLabel(kind, { responseBody: first }) });
      return;
    }
    if (step.kind === "create") {
      const parent = step.parent ? instances.get(step.parent) : undefined;
      if (step.parent && !parent) return skip(step, `no ${step.parent} resource to create it in: ${absent.get(step.parent) ?? "none"}`);
      const linked = parent && step.link ? applyLink(spec.doc, step.link, parent.context) : undefined;
      if (linked?.missing.length) return skip(step, `the ${step.parent} answer has no ${linked.missing.join(", ")}`);
      const body = freshen(step, mergeBody(linked?.body, template.body));
      if (body !== null && typeof body === "object") {
        for (const cap of step.caps ?? []) (body as Record<string, unknown>)[cap.field] = LIVE_COST_CAPS[cap.unit as keyof typeof LIVE_COST_CAPS];
      }
      const request = { path: linked?.path ?? {}, query: { ...template.query, ...linked?.query }, headers: { ...template.headers, ...linked?.headers }, ...(body === undefined ? {} : { body }) };
      // Never aborted: once a create is on its way, its answer is what tells the run what to clean up.
      const sent = await send(step, request, step.name);
      record(step, sent);
      const status = sent.response?.status;
      if (status === undefined) {
        run.cleanup.push(
          sent.notSent
            ? { operationId: step.operationId, resource: "(nothing created)", outcome: "not-sent", message: `not sent: ${sent.transportError}; nothing was created` }
            : { operationId: step.operationId, resource: "(unknown)", outcome: "unknown", message: `no answer (${sent.transportError}): the create may have reached the server; check the provider's dashboard` },
        );
        absent.set(kind.create, "its create got no answer");
        return;
      }
      if (status < 200 || status >= 300) return void absent.set(kind.create, `its create answered ${status}`);
      const context: LinkContext = { requestPath: request.path, responseBody: sent.response!.json };
      const instance: Instance = { kind, owned: true, context, resource: resourceLabel(kind, context) };
      const named = [...kind.cleanup, ...kind.reads].every((l) => applyLink(spec.doc, l, context).missing.length === 0);
      if (!named) run.cleanup.push({ operationId: step.operationId, resource: instance.resource, outcome: "impossible", message: "created, but the answer names no id to clean it up with; check the provider's dashboard" });
      else registerCleanup(kind, instance, parent);
      if (step.instance === 1 && named) instances.set(kind.create, instance);
      return;
    }
    const instance = instances.get(kind.create);
    if (!instance) return skip(step, `no ${kind.create} resource: ${absent.get(kind.create) ?? "none"}`);
    const linked = applyLink(spec.doc, step.link!, instance.context);
    if (linked.missing.length) return skip(step, `the ${kind.create} resource has no ${linked.missing.join(", ")}`);
    const request = { path: linked.path, query: { ...template.query, ...linked.query }, headers: { ...template.headers, ...linked.headers }, ...((): { body?: unknown } => { const body = mergeBody(linked.body, template.body); return body === undefined ? {} : { body }; })() };
    if (step.kind === "stream") {
      const followed = await followStream(spec, target, { name: step.name, operationId: step.operationId, request, expect: { status: 200 } }, options.signal ? { signal: options.signal } : {});
      watch.note(followed);
      if (followed.response) run.exchanges.push({ provider: name, operationId: step.operationId, source: step.name, response: followed.response });
      const bad = followed.badData ? [{ check: "streamEvents", message: `Received: ${followed.badData} of ${followed.events} event(s) with a data line that is not JSON / Expected: JSON events` }] : [];
      options.log?.(`stream  ${name} ${step.operationId}: ${followed.events} event(s) in ${followed.durationMs} ms`);
      return record(step, followed, bad);
    }
    record(step, await send(step, request, step.name, options.signal));
  };

  for (const resource of scenario.resources) {
    if (resource.source === "given") {
      const kind = resource.kind;
      const context = { responseBody: setPointer(kind.ids[0]!.pointer, resource.envValue!) };
      instances.set(kind.create, { kind, owned: false, context, resource: resourceLabel(kind, context) });
    } else if (resource.source === "none") absent.set(resource.kind.create, resource.why);
  }
  try {
    for (const step of scenario.steps) {
      if (options.signal?.aborted) {
        run.interrupted = true;
        skip(step, "interrupted before it was sent");
        continue;
      }
      if (watch.stall) {
        watch.skip();
        skip(step, watch.notSentReason(target.baseUrl));
        continue;
      }
      try {
        await runStep(step);
      } catch (error) {
        // A bug or a spec the runner cannot follow fails this step, not the run: the rest and the cleanup still happen.
        run.cases.push({ provider: name, case: { name: step.name, operationId: step.operationId, expect: { status: 0 } }, operation: step.label, failures: [{ check: "runner", message: (error as Error).message }], durationMs: 0 });
      }
    }
  } finally {
    await options.cleanups.run(name);
  }
  // A signal that came after the last step was sent (while it was answered, or during the cleanup) still
  // interrupted this run: its report must say so, as the exit code does.
  if (options.signal?.aborted) run.interrupted = true;
  if (watch.stall) run.stalled = watch.stall;
  for (const { case: contractCase, reason } of scenario.skipped) {
    run.cases.push({ provider: name, case: contractCase, operation: `${spec.operation(contractCase.operationId).method.toUpperCase()} ${spec.operation(contractCase.operationId).path}`, failures: [], durationMs: 0, skipped: reason });
  }
  run.coverage = coverageOf(spec, scenario, run.exchanges, outcomes);
  return run;
}
