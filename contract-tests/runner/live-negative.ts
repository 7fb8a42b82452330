/**
 * The safe negative requests of a live run, derived from the spec: they create nothing and touch no
 * real resource, and each is answered with a documented error whose body the drift report checks.
 * An unknown well-formed id (404), no key and a wrong key (401), a query value past its bound (400/422),
 * and the table's own cases that send no key.
 */
import { liveTemplate, linkFilled, type RequestTemplate } from "./live-variants.js";
import type { ResourceLink } from "./spec-links.js";
import type { SpecIndex, SpecNode, SpecOperation } from "./spec-index.js";
import type { ContractCase } from "./types.js";

/** One negative request. */
export interface NegativeRequest {
  operationId: string;
  /** A behaviour sentence. */
  name: string;
  request: RequestTemplate;
  /** Path parameters given fresh, unknown, well-formed values when sent. */
  freshPath: string[];
  /** `missing`: no auth header; `wrong`: a key that is not the user's. Default the user's key. */
  auth?: "missing" | "wrong";
  /** The statuses that pass. */
  accept: number[];
  /** Table cases it stands for (the same documented error). */
  cases: ContractCase[];
}

function documents(spec: SpecIndex, op: SpecOperation, status: number): boolean {
  return spec.documentedStatuses(op).includes(String(status));
}

function pathParams(op: SpecOperation): string[] {
  return [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

function queryParams(spec: SpecIndex, op: SpecOperation): SpecNode[] {
  return ((op.node.parameters as SpecNode[] | undefined) ?? []).map((p) => spec.resolve(p)).filter((p) => p.in === "query");
}

/** A query value just past a documented integer bound: the maximum plus one, else the minimum minus one. */
function pastBound(spec: SpecIndex, param: SpecNode): { value: number; why: string } | undefined {
  const schema = param.schema ? spec.resolve(param.schema) : {};
  if (schema.type !== "integer") return undefined;
  if (typeof schema.maximum === "number") return { value: schema.maximum + 1, why: `above its maximum ${schema.maximum}` };
  if (typeof schema.minimum === "number") return { value: schema.minimum - 1, why: `below its minimum ${schema.minimum}` };
  return undefined;
}

/** Every negative request of a provider's live run, in spec order; `cases` is the provider's table. */
export function negativeRequests(spec: SpecIndex, cases: readonly ContractCase[], links: readonly ResourceLink[]): NegativeRequest[] {
  const out: NegativeRequest[] = [];
  const ops = spec.operations();
  const gets = ops.filter((op) => op.method === "get");
  const casesOf = (op: SpecOperation, keep: (c: ContractCase) => boolean) => cases.filter((c) => c.operationId === op.operationId && !c.mockOnly && keep(c));
  for (const op of gets.filter((o) => pathParams(o).length > 0 && documents(spec, o, 404))) {
    out.push({
      operationId: op.operationId,
      name: `${op.operationId}: 404 for an unknown well-formed id`,
      request: {},
      freshPath: pathParams(op),
      accept: [404],
      cases: casesOf(op, (c) => c.expect.status === 404),
    });
  }
  const collection = gets.filter((o) => pathParams(o).length === 0);
  const keyed = collection.find((o) => documents(spec, o, 401));
  if (keyed) {
    const unauthorized = casesOf(keyed, (c) => c.expect.status === 401);
    out.push({ operationId: keyed.operationId, name: `${keyed.operationId}: 401 without a key`, request: {}, freshPath: [], auth: "missing", accept: [401], cases: unauthorized.filter((c) => c.request?.withoutAuth) });
    out.push({ operationId: keyed.operationId, name: `${keyed.operationId}: 401 with a wrong key`, request: {}, freshPath: [], auth: "wrong", accept: [401], cases: unauthorized.filter((c) => !c.request?.withoutAuth) });
  }
  for (const op of collection) {
    const accept = [400, 422].filter((s) => documents(spec, op, s));
    // A maximum first: a page size past it is the most common mistake a client makes.
    const bounds = queryParams(spec, op).map((p) => ({ p, bound: pastBound(spec, p) })).filter((x) => x.bound);
    const bounded = bounds.find((x) => x.bound!.why.startsWith("above")) ?? bounds[0];
    if (accept.length === 0 || !bounded) continue;
    out.push({
      operationId: op.operationId,
      name: `${op.operationId}: ${accept.join(" or ")} for ${bounded.p.name} ${bounded.bound!.value} (${bounded.bound!.why})`,
      request: { query: { [bounded.p.name]: bounded.bound!.value } },
      freshPath: [],
      accept,
      cases: casesOf(op, (c) => accept.includes(c.expect.status) && c.prefer !== undefined),
    });
    break;
  }
  // The table's no-key cases (other than those a request above stands for), with unknown ids in their paths.
  const covered = new Set(out.flatMap((n) => n.cases));
  for (const contractCase of cases) {
    if (!contractCase.request?.withoutAuth || contractCase.mockOnly || covered.has(contractCase)) continue;
    const op = spec.operation(contractCase.operationId);
    const template = liveTemplate(spec, op, contractCase.request, linkFilled(links, op.operationId));
    out.push({
      operationId: op.operationId,
      name: contractCase.name,
      request: template.request,
      freshPath: pathParams(op),
      auth: "missing",
      accept: [contractCase.expect.status],
      cases: [contractCase],
    });
  }
  return out;
}
