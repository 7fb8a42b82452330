/**
 * The live scenario of a provider, planned from its spec and case table before anything is sent: the
 * collection reads, the safe negative requests, then each resource kind in link order: create it (within
 * the budget, one at a time) or take it from the environment or a list call, read it back through every
 * linked read, change what can be changed, create what lives inside it, follow its streams. Cleanup is
 * registered per created resource as soon as the create answers (see live-cleanup.ts).
 */
import { createLimit, type CreateBudget } from "./live-policy.js";
import { negativeRequests, type NegativeRequest } from "./live-negative.js";
import { resourceEnvVar, resourceKinds, type ResourceKind } from "./live-resources.js";
import { linkFilled, successVariants, type RequestTemplate, type Variant } from "./live-variants.js";
import type { ContractProvider } from "./providers.js";
import { costCaps, type CostCap } from "./spec-cost-caps.js";
import { resourceLinks, type ResourceLink } from "./spec-links.js";
import type { SpecIndex, SpecOperation } from "./spec-index.js";
import { specFor } from "./suite.js";
import type { ContractCase } from "./types.js";

/** What a step does. */
export type StepKind = "list" | "negative" | "create" | "discover" | "read" | "update" | "stream";

/** One planned request of the scenario. */
export interface PlannedStep {
  kind: StepKind;
  operationId: string;
  /** `GET /sessions/{session_id}`. */
  label: string;
  /** A behaviour sentence (the report's case name). */
  name: string;
  /** The kind (its create's operationId) of the resource this step acts on or creates. */
  resource?: string;
  /** The link that fills this step's ids from its resource (from the parent, for a create). */
  link?: ResourceLink;
  /** The kind of the parent a create is made in. */
  parent?: string;
  request: RequestTemplate;
  /** Statuses that pass; `success` is any documented 2xx. */
  accept: "success" | number[];
  /** The step starts work that costs money (`x-billable`, sent with the user's key). */
  costsMoney: boolean;
  /** Table cases this step stands for. */
  cases: ContractCase[];
  /** For negatives: path ids drawn fresh, and the key sent. */
  negative?: Pick<NegativeRequest, "freshPath" | "auth">;
  /** For creates: the cost caps it sets, and body fields given a fresh value (ids the client picks). */
  caps?: CostCap[];
  freshBody?: string[];
  /** For creates: the instance number of its kind (1 is the one the scenario reads and changes). */
  instance?: number;
  /** Phrases for the dry run: what was taken out of the table's request. */
  dropped: string[];
}

/** Where the scenario's resource of a kind comes from. */
export interface PlannedResource {
  kind: ResourceKind;
  /** `created` by the run; `given` by the user (env var); `listed`: the first item of a list call; `none`. */
  source: "created" | "given" | "listed" | "none";
  /** Why this source (or why none). */
  why: string;
  /** The kind it is created in, when it has one. */
  parent?: string;
  /** The env var that names an existing one. */
  envVar?: string;
  /** Its value, when set (an id, not a secret). */
  envValue?: string;
  /** How many the run creates. */
  creates: number;
}

/** The scenario of one provider. */
export interface Scenario {
  provider: string;
  steps: PlannedStep[];
  resources: PlannedResource[];
  /** Table cases no step stands for, with the reason. */
  skipped: { case: ContractCase; reason: string }[];
  /** Every operation of the spec, and the ones the scenario expects a live success from (steps and cleanups). */
  coverage: { operations: string[]; expected: string[] };
}

/** Inputs of {@link planScenario}. */
export interface PlanOptions {
  budget: CreateBudget;
  env?: NodeJS.ProcessEnv;
}

function label(op: SpecOperation): string {
  return `${op.method.toUpperCase()} ${op.path}`;
}

function hasPathParams(op: SpecOperation): boolean {
  return /\{/.test(op.path);
}

function env(values: NodeJS.ProcessEnv | undefined, name: string | undefined): string | undefined {
  const value = name ? values?.[name] : undefined;
  return value === undefined || value === "" ? undefined : value;
}

function variantName(operationId: string, variant: Variant, fallback: string): string {
  const [first, ...rest] = variant.cases;
  if (!first) return `${operationId}: ${fallback}`;
  return rest.length ? `${first.name} (and ${rest.length} more case(s) with the same live request)` : first.name;
}

/**
 * The body fields of a create that name the new resource (a link reads `/name` back and the body sends
 * `name`), when the request sends them or must: the run gives them fresh values, never the table's.
 */
function clientChosenIds(spec: SpecIndex, kind: ResourceKind, body: unknown): string[] {
  const op = spec.operation(kind.create);
  const raw = op.node.requestBody ? spec.resolve(op.node.requestBody).content?.["application/json"]?.schema : undefined;
  const schema = raw ? spec.resolve(raw) : {};
  const sent = body !== null && typeof body === "object" ? Object.keys(body) : [];
  const fields = kind.ids.map((id) => id.pointer.split("/")).filter((s) => s.length === 2).map((s) => s[1]!);
  return fields.filter((f) => f in (schema.properties ?? {}) && (sent.includes(f) || ((schema.required as string[] | undefined) ?? []).includes(f)));
}

/** Plans a provider's live scenario; sends nothing. */
export function planScenario(provider: ContractProvider, options: PlanOptions): Scenario {
  const spec = specFor(provider);
  const name = provider.definition.name;
  const links = resourceLinks(spec.doc);
  const kinds = resourceKinds(spec);
  const caps = costCaps(spec.doc);
  const cases = provider.cases;
  const steps: PlannedStep[] = [];
  const variantsOf = (operationId: string) => successVariants(spec, operationId, cases, linkFilled(links, operationId));
  const step = (kind: StepKind, operationId: string, fields: Partial<PlannedStep> & Pick<PlannedStep, "name" | "request" | "cases">) => {
    const op = spec.operation(operationId);
    steps.push({ kind, operationId, label: label(op), accept: "success", costsMoney: false, dropped: [], ...fields });
  };

  // 1. Reads of collections: no resource needed, nothing alive yet.
  for (const op of spec.operations().filter((o) => o.method === "get" && !hasPathParams(o))) {
    for (const variant of variantsOf(op.operationId).filter((v) => !v.usesLink)) {
      step("list", op.operationId, { name: variantName(op.operationId, variant, "a documented success"), request: variant.request, cases: variant.cases, dropped: variant.dropped });
    }
  }
  // 2. Negative requests: documented errors, nothing created.
  for (const negative of negativeRequests(spec, cases, links)) {
    const kind = kinds.find((k) => k.create === negative.operationId);
    step("negative", negative.operationId, {
      ...(kind ? { freshBody: clientChosenIds(spec, kind, negative.request.body) } : {}),
      name: negative.name,
      request: negative.request,
      accept: negative.accept,
      cases: negative.cases,
      negative: { freshPath: negative.freshPath, ...(negative.auth ? { auth: negative.auth } : {}) },
    });
  }

  // 3. Resources, parents first.
  const resources = new Map<string, PlannedResource>();
  for (const kind of kinds) {
    const envVar = resourceEnvVar(provider.definition.apiKeyEnv, kind);
    const envValue = env(options.env, envVar);
    const limit = createLimit(options.budget, name, kind.create);
    // A parent the run may create things in: one it created, or one the user gave (then only cleanable children).
    const parentLink = kind.parents.find((l) => {
      const parent = resources.get(l.from.operationId);
      return parent?.source === "created" || (parent?.source === "given" && kind.cleanup.length > 0);
    });
    const base = { kind, creates: 0, ...(envVar ? { envVar } : {}), ...(envValue ? { envValue } : {}) };
    let planned: PlannedResource;
    if (envValue) planned = { ...base, source: "given", why: `${envVar} is set: the run uses it and creates none` };
    else if (limit > 0 && (parentLink || kind.standalone)) {
      planned = { ...base, source: "created", why: `budget ${limit}, --max-creates`, creates: Math.min(limit, variantsOf(kind.create).length), ...(parentLink ? { parent: parentLink.from.operationId } : {}) };
    } else if (kind.list) {
      const why = limit === 0 ? `create budget 0 (--max-creates)` : `needs a ${kind.parents.map((p) => p.from.operationId).join(" or ")} resource the run created or was given`;
      planned = { ...base, source: "listed", why: `${why}: the first item of ${kind.list.operationId}, read only` };
    } else {
      planned = { ...base, source: "none", why: limit === 0 ? "create budget 0 (--max-creates), and no list shows this kind" : `needs a ${kind.parents.map((p) => p.from.operationId).join(" or ")} resource the run created${envVar ? ` or ${envVar}` : ""}` };
    }
    resources.set(kind.create, planned);
  }

  const emit = (resource: PlannedResource) => {
    const { kind } = resource;
    if (resource.source === "none") return;
    const owned = resource.source === "created";
    if (owned) {
      const parentLink = resource.parent ? kind.parents.find((l) => l.from.operationId === resource.parent) : undefined;
      variantsOf(kind.create).slice(0, resource.creates).forEach((variant, i) => {
        step("create", kind.create, {
          name: `${variantName(kind.create, variant, "creates one")}${i > 0 ? ` (extra ${kind.create} ${i + 1})` : ""}`,
          resource: kind.create,
          request: variant.request,
          cases: variant.cases,
          costsMoney: kind.billable,
          caps: caps.filter((c) => c.operationId === kind.create),
          freshBody: clientChosenIds(spec, kind, variant.request.body),
          instance: i + 1,
          dropped: variant.dropped,
          ...(parentLink ? { link: parentLink, parent: resource.parent } : {}),
        });
      });
    } else if (resource.source === "listed") {
      step("discover", kind.list!.operationId, { name: `${kind.list!.operationId}: finds a ${kind.create} resource to read (first item)`, resource: kind.create, request: {}, cases: [] });
    }
    const linked = (kindOfStep: StepKind, link: ResourceLink, variants: Variant[]) => {
      const useful = variants.filter((v) => v.usesLink || v.cases.length === 0);
      for (const variant of useful.length ? useful : [{ cases: [], request: {}, usesLink: true, dropped: [] } as Variant]) {
        const what = `${(link.description ?? link.name).replace(/\.$/, "")} (the ${kind.create} resource, live)`;
        step(kindOfStep, link.operationId, { name: variantName(link.operationId, variant, what), resource: kind.create, link, request: variant.request, cases: variant.cases, dropped: variant.dropped });
      }
    };
    for (const link of kind.reads) linked("read", link, variantsOf(link.operationId));
    if (owned) {
      for (const link of kind.updates) linked("update", link, variantsOf(link.operationId));
      // A cleanup call's success cases that send another request than the cleanup (a stop of the task only).
      for (const link of kind.cleanup) {
        const cleanupRequest = JSON.stringify(link.requestBody === undefined ? {} : { body: link.requestBody });
        const other = variantsOf(link.operationId).filter((v) => v.cases.length > 0 && JSON.stringify(v.request) !== cleanupRequest);
        if (other.length) linked("update", link, other);
      }
    }
    for (const child of kinds.filter((k) => resources.get(k.create)?.parent === kind.create)) emit(resources.get(child.create)!);
    for (const link of kind.streams) linked("stream", link, variantsOf(link.operationId));
  };
  for (const resource of resources.values()) if (!resource.parent) emit(resource);

  // The cleanup calls of created kinds answer too: count them for coverage.
  const expected = new Set(steps.filter((s) => s.accept === "success").map((s) => s.operationId));
  for (const resource of resources.values()) if (resource.source === "created") resource.kind.cleanup.forEach((l) => expected.add(l.operationId));
  const operations = spec.operations().map((o) => o.operationId);
  const used = new Set(steps.flatMap((s) => s.cases));
  const cleanupOps = new Set([...resources.values()].filter((r) => r.source === "created").flatMap((r) => r.kind.cleanup.map((l) => l.operationId)));
  const skipped = cases.filter((c) => !used.has(c)).map((c) => ({ case: c, reason: skipReason(c, cleanupOps, resources, steps) }));
  return { provider: name, steps, resources: [...resources.values()], skipped, coverage: { operations, expected: operations.filter((o) => expected.has(o)) } };
}

function skipReason(c: ContractCase, cleanupOps: Set<string>, resources: Map<string, PlannedResource>, steps: PlannedStep[]): string {
  if (c.mockOnly) return "mock-only: relies on the mock's request validation or fixtures";
  if (c.expect.status < 200 || c.expect.status >= 300) return `mock-only: a documented ${c.expect.status} the live API cannot be made to send safely`;
  if (cleanupOps.has(c.operationId)) return "the cleanup of the created resource sends this request";
  const resource = resources.get(c.operationId);
  if (resource && resource.source === "created") return `create budget: ${resource.creates} ${c.operationId} (--max-creates)`;
  if (resource) return `${c.operationId} is not sent: ${resource.why}`;
  if (!steps.some((s) => s.operationId === c.operationId)) return "no resource of the run to send it to";
  return "not part of the live scenario";
}
