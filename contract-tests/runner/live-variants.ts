/**
 * The case table seen from a live run: which success cases of an operation make distinct live requests.
 * A case written for the mock carries the mock's test data (path ids, an org id, cursors, ids in bodies);
 * live, every such value is taken out, and the resource the request is about fills it back in through
 * the spec's links. A `Prefer` success case runs as "whatever documented success the API sends"; cases
 * that become the same live request are run once.
 */
import type { ResourceLink } from "./spec-links.js";
import type { SpecIndex, SpecNode, SpecOperation } from "./spec-index.js";
import type { ContractCase } from "./types.js";

/** The parts of a live request a variant fixes; path ids and link-filled values come from a resource. */
export interface RequestTemplate {
  query?: Record<string, string | number | boolean>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One distinct live request of an operation, and the table cases it stands for. */
export interface Variant {
  /** The success cases with this live request; empty when the request comes from the spec alone. */
  cases: ContractCase[];
  request: RequestTemplate;
  /** A case's request named a value a link fills (it reads the resource, not the collection). */
  usesLink: boolean;
  /** What was taken out of the cases' requests, one phrase each. */
  dropped: string[];
}

/** The parameter and body names that links fill on an operation. */
export interface LinkFilled {
  params: Set<string>;
  bodyFields: Set<string>;
}

/** What the links of a spec fill on `operationId`. */
export function linkFilled(links: readonly ResourceLink[], operationId: string): LinkFilled {
  const to = links.filter((l) => l.operationId === operationId);
  return {
    params: new Set(to.flatMap((l) => Object.keys(l.parameters))),
    bodyFields: new Set(to.flatMap((l) => (l.requestBody !== null && typeof l.requestBody === "object" ? Object.keys(l.requestBody) : []))),
  };
}

function parameter(spec: SpecIndex, op: SpecOperation, name: string, where: string): SpecNode | undefined {
  const pathItem = spec.at(op.pointer.replace(/\/[a-z]+$/, ""));
  return [...((op.node.parameters as SpecNode[] | undefined) ?? []), ...((pathItem?.parameters as SpecNode[] | undefined) ?? [])]
    .map((p) => spec.resolve(p))
    .find((p) => p.name?.toLowerCase() === name.toLowerCase() && p.in === where);
}

/** The string branches of a schema (through `$ref`, `anyOf`, `oneOf`; `null` ignored). */
function stringSchemas(spec: SpecIndex, schema: SpecNode | undefined, depth = 0): SpecNode[] {
  const node = schema ? spec.resolve(schema) : undefined;
  if (!node || depth > 8) return [];
  const branches = [...((node.anyOf as SpecNode[] | undefined) ?? []), ...((node.oneOf as SpecNode[] | undefined) ?? [])];
  if (branches.length) return branches.flatMap((b) => stringSchemas(spec, b, depth + 1));
  const types = ([] as unknown[]).concat(node.type ?? []);
  return types.includes("string") ? [node] : [];
}

/** An id: a field named like one (`id`, `agent_id`, `profileId`), a uuid, or a schema titled `…Id`. A case's value of it is the mock's test data. */
function isId(spec: SpecIndex, name: string, schema: SpecNode | undefined): boolean {
  const strings = stringSchemas(spec, schema);
  return strings.length > 0 && (/(^id$|_id$|[a-z]Id$)/.test(name) || strings.some((s) => s.format === "uuid" || /Id$/.test(String(s.title ?? ""))));
}

/** A free string query value (an id, a cursor): test data unless it is an enum or a date. */
function isFreeQueryString(spec: SpecIndex, schema: SpecNode | undefined): boolean {
  return stringSchemas(spec, schema).some((s) => !Array.isArray(s.enum) && s.format !== "date-time" && s.format !== "date");
}

function requestBodySchema(spec: SpecIndex, op: SpecOperation): SpecNode | undefined {
  const body = op.node.requestBody ? spec.resolve(op.node.requestBody) : undefined;
  const schema = body?.content?.["application/json"]?.schema;
  return schema ? spec.resolve(schema) : undefined;
}

/** A case's request as a live template: path ids out, link-filled values out, the mock's test data out. */
export function liveTemplate(spec: SpecIndex, op: SpecOperation, request: ContractCase["request"] = {}, filled: LinkFilled): { request: RequestTemplate; usesLink: boolean; dropped: string[] } {
  const dropped: string[] = [];
  let usesLink = Object.keys(request.path ?? {}).length > 0;
  const query: Record<string, string | number | boolean> = {};
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (filled.params.has(name)) usesLink = true;
    else if (isFreeQueryString(spec, parameter(spec, op, name, "query")?.schema)) dropped.push(`query ${name} (the mock's test data)`);
    else query[name] = value;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (parameter(spec, op, name, "header")) dropped.push(`header ${name} (the mock's test data; the run sends its own)`);
    else headers[name] = value;
  }
  let body = request.body;
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const properties = (requestBodySchema(spec, op)?.properties ?? {}) as Record<string, SpecNode>;
    const kept: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(body)) {
      if (filled.bodyFields.has(field)) usesLink = true;
      else if (isId(spec, field, properties[field])) dropped.push(`body ${field} (the mock's test data)`);
      else kept[field] = value;
    }
    body = kept;
  }
  return {
    request: { ...(Object.keys(query).length ? { query } : {}), ...(Object.keys(headers).length ? { headers } : {}), ...(body === undefined ? {} : { body }) },
    usesLink,
    dropped,
  };
}

/** A documented success status: `expect.status` 2xx. */
export function expectsSuccess(contractCase: ContractCase): boolean {
  return contractCase.expect.status >= 200 && contractCase.expect.status < 300;
}

/** The first example of an operation's JSON request body, when it has one. */
function requestExample(spec: SpecIndex, op: SpecOperation): unknown {
  const media = op.node.requestBody ? spec.resolve(op.node.requestBody).content?.["application/json"] : undefined;
  const first = Object.values<SpecNode>(media?.examples ?? {})[0];
  return first ? spec.resolve(first).value : media?.example;
}

/**
 * The distinct live requests of an operation's success cases, in table order (a case that runs only on
 * the mock, or without a key, is not one). An operation with no such case gets one request built from
 * the spec: no query, and its first request body example when it takes a body.
 */
export function successVariants(spec: SpecIndex, operationId: string, cases: readonly ContractCase[], filled: LinkFilled): Variant[] {
  const op = spec.operation(operationId);
  const variants: Variant[] = [];
  for (const contractCase of cases) {
    if (contractCase.operationId !== operationId || !expectsSuccess(contractCase) || contractCase.mockOnly || contractCase.request?.withoutAuth) continue;
    const template = liveTemplate(spec, op, contractCase.request, filled);
    const key = JSON.stringify(template.request);
    const same = variants.find((v) => JSON.stringify(v.request) === key && v.usesLink === template.usesLink);
    if (same) same.cases.push(contractCase);
    else variants.push({ cases: [contractCase], ...template });
  }
  if (variants.length > 0) return variants;
  const example = requestExample(spec, op);
  const template = liveTemplate(spec, op, example === undefined ? {} : { body: example }, filled);
  return [{ cases: [], request: template.request, usesLink: false, dropped: template.dropped }];
}
