/**
 * The resource facts of a bundled spec, read from its OpenAPI `links` (see openapi/EXTENSIONS.md): which
 * operation creates a resource, which response field carries its id, which operations use it, and which
 * of those undo it (`x-cleanup`, in ascending order). The live runner builds its scenario from these, and
 * `npm run generate` refuses a link that names a field, parameter or operation that does not exist.
 */
import type { SpecNode } from "./spec-index.js";

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

/** A located operation of a document. */
interface LocatedOperation {
  method: string;
  path: string;
  node: SpecNode;
  /** Path-level and operation-level parameters, `$ref`s resolved, operation-level winning. */
  parameters: SpecNode[];
}

/** One link of a create's success response to an operation that uses the new resource. */
export interface ResourceLink {
  /** The link's name in the response's `links` map. */
  name: string;
  /** The create: its operationId and the 2xx status the link sits on. */
  from: { operationId: string; status: string };
  /** The operation the link leads to. */
  operationId: string;
  /** The link's `description`: what the target does with the resource. */
  description?: string;
  /** Target parameter name -> runtime expression (`$response.body#/id`, `$request.path.sessionId`). */
  parameters: Record<string, string>;
  /** Fields of the target's request body; strings may embed `{$response.body#/…}` expressions. */
  requestBody?: unknown;
  /** `x-cleanup`: this link undoes the resource; calls run in ascending order. */
  cleanup?: number;
}

/** The values runtime expressions are evaluated against. */
export interface LinkContext {
  /** Path parameters of the create's request. */
  requestPath?: Record<string, string>;
  /** The create's parsed response body. */
  responseBody: unknown;
}

/** One JSON-pointer segment: `~` as `~0`, `/` as `~1`. */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The JSON pointer of every object under `node` that has the key `marker` (an `x-` extension), in document order. */
export function markerPointers(node: unknown, marker: string, pointer = "#", into: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((item, i) => markerPointers(item, marker, `${pointer}/${i}`, into));
  else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === marker) into.push(pointer);
      else markerPointers(value, marker, `${pointer}/${escapePointer(key)}`, into);
    }
  }
  return into;
}

/** Follows a chain of local `$ref`s (`#/...`); `undefined` for a ref that leaves the document or points nowhere. */
export function resolveRef(doc: SpecNode, node: SpecNode | undefined): SpecNode | undefined {
  let current = node;
  for (let depth = 0; typeof current?.$ref === "string" && depth < 20; depth++) {
    const ref = current.$ref as string;
    if (!ref.startsWith("#/")) return undefined;
    current = ref
      .slice(2)
      .split("/")
      .reduce<SpecNode | undefined>((n, seg) => n?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  }
  return current;
}

function operations(doc: SpecNode): Map<string, LocatedOperation> {
  const out = new Map<string, LocatedOperation>();
  for (const [path, rawItem] of Object.entries<SpecNode>(doc.paths ?? {})) {
    const item = resolveRef(doc, rawItem) ?? {};
    for (const method of HTTP_METHODS) {
      const node = item[method] as SpecNode | undefined;
      if (!node?.operationId) continue;
      const byKey = new Map<string, SpecNode>();
      for (const raw of [...(item.parameters ?? []), ...(node.parameters ?? [])] as SpecNode[]) {
        const param = resolveRef(doc, raw);
        if (param) byKey.set(`${param.in} ${param.name}`, param);
      }
      out.set(node.operationId as string, { method, path, node, parameters: [...byKey.values()] });
    }
  }
  return out;
}

/** Every link of every create's 2xx response, in document order. */
export function resourceLinks(doc: SpecNode): ResourceLink[] {
  const out: ResourceLink[] = [];
  for (const [operationId, op] of operations(doc)) {
    for (const [status, rawResponse] of Object.entries<SpecNode>(op.node.responses ?? {})) {
      if (!/^2\d\d$/.test(status)) continue;
      const response = resolveRef(doc, rawResponse) ?? {};
      for (const [name, rawLink] of Object.entries<SpecNode>(response.links ?? {})) {
        const link = resolveRef(doc, rawLink) ?? {};
        out.push({
          name,
          from: { operationId, status },
          operationId: String(link.operationId),
          ...(typeof link.description === "string" ? { description: link.description } : {}),
          parameters: { ...(link.parameters ?? {}) },
          ...(link.requestBody === undefined ? {} : { requestBody: link.requestBody }),
          ...(link["x-cleanup"] === undefined ? {} : { cleanup: link["x-cleanup"] as number }),
        });
      }
    }
  }
  return out;
}

/** The operationIds that create a resource with links to undo it (`x-cleanup`), in document order. */
export function cleanableCreates(doc: SpecNode): string[] {
  return [...new Set(resourceLinks(doc).filter((l) => l.cleanup !== undefined).map((l) => l.from.operationId))];
}

const BODY_EXPRESSION = /^\$response\.body#(\/.*)?$/;
const REQUEST_PATH_EXPRESSION = /^\$request\.path\.([\w-]+)$/;
const EMBEDDED = /\{(\$[^}]+)\}/g;

/** The value at a JSON pointer (`/data/0/id`) inside `value`; undefined when absent. */
export function readPointer(value: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, seg) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined), value);
}

/** Evaluates one runtime expression; undefined when the value is absent. */
export function evaluateExpression(expression: string, context: LinkContext): unknown {
  const body = BODY_EXPRESSION.exec(expression);
  if (body) return readPointer(context.responseBody, body[1] ?? "");
  const path = REQUEST_PATH_EXPRESSION.exec(expression);
  if (path) return context.requestPath?.[path[1]!];
  throw new Error(`unsupported runtime expression ${expression}`);
}

function fillBody(value: unknown, context: LinkContext): unknown {
  if (typeof value === "string") {
    const whole = /^\{(\$[^}]+)\}$/.exec(value);
    if (whole) return evaluateExpression(whole[1]!, context);
    return value.replace(EMBEDDED, (_, expression: string) => String(evaluateExpression(expression, context) ?? ""));
  }
  if (Array.isArray(value)) return value.map((item) => fillBody(item, context));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillBody(v, context)]));
  return value;
}

/** A link applied to a create's result: the target's parameters by location, and its body fields. */
export interface LinkedRequest {
  operationId: string;
  path: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Fields for the target's request body (merged over whatever else the caller sends). */
  body?: unknown;
  /** Parameters whose expression found no value in the context. */
  missing: string[];
}

/** Applies a link to a create's request and response: the request the target operation should get. */
export function applyLink(doc: SpecNode, link: ResourceLink, context: LinkContext): LinkedRequest {
  const target = operations(doc).get(link.operationId);
  if (!target) throw new Error(`link ${link.name}: no operation ${link.operationId}`);
  const out: LinkedRequest = { operationId: link.operationId, path: {}, query: {}, headers: {}, missing: [] };
  for (const [name, expression] of Object.entries(link.parameters)) {
    const value = evaluateExpression(expression, context);
    if (value === undefined || value === null || value === "") {
      out.missing.push(name);
      continue;
    }
    const param = target.parameters.find((p) => p.name === name);
    const where = param?.in === "query" ? out.query : param?.in === "header" ? out.headers : out.path;
    where[name] = String(value);
  }
  if (link.requestBody !== undefined) out.body = fillBody(link.requestBody, context);
  return out;
}

/** True when a schema (following `$ref`, `allOf`/`anyOf`/`oneOf` and `items`) can hold something at `pointer`. */
function schemaHasPointer(doc: SpecNode, schema: SpecNode | undefined, segments: string[], depth = 0): boolean {
  const node = resolveRef(doc, schema);
  if (!node || depth > 32) return false;
  if (segments.length === 0) return true;
  const branches = ["allOf", "anyOf", "oneOf"].flatMap((key) => (node[key] as SpecNode[] | undefined) ?? []);
  if (branches.some((branch) => schemaHasPointer(doc, branch, segments, depth + 1))) return true;
  const [head, ...rest] = segments as [string, ...string[]];
  if (node.properties && head in node.properties) return schemaHasPointer(doc, node.properties[head], rest, depth + 1);
  if (node.items && /^\d+$/.test(head)) return schemaHasPointer(doc, node.items, rest, depth + 1);
  return false;
}

function expressionsIn(value: unknown): string[] {
  if (typeof value === "string") return [...value.matchAll(EMBEDDED)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(expressionsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(expressionsIn);
  return [];
}

/**
 * What is wrong with the links of a bundled document, one sentence each: a link to an operation that does
 * not exist, a `$response.body` pointer to a field the response schema does not have, a `$request.path`
 * parameter the create does not take, a parameter or body field the target does not take, a target path
 * parameter left unfilled, or an `x-cleanup` that is not a positive integer.
 */
export function linkProblems(doc: SpecNode): string[] {
  const ops = operations(doc);
  const problems: string[] = [];
  for (const link of resourceLinks(doc)) {
    const where = `${link.from.operationId} ${link.from.status} link ${link.name}`;
    const target = ops.get(link.operationId);
    if (!target) {
      problems.push(`${where}: operation ${link.operationId} does not exist`);
      continue;
    }
    const source = ops.get(link.from.operationId)!;
    const response = resolveRef(doc, source.node.responses[link.from.status]) ?? {};
    const schema = (response.content?.["application/json"] as SpecNode | undefined)?.schema as SpecNode | undefined;
    const checkExpression = (expression: string, label: string) => {
      const body = BODY_EXPRESSION.exec(expression);
      const path = REQUEST_PATH_EXPRESSION.exec(expression);
      if (body) {
        const segments = (body[1] ?? "").split("/").slice(1);
        if (!schemaHasPointer(doc, schema, segments)) problems.push(`${where}: ${label} reads ${body[1] ?? "(the whole body)"}, which the ${link.from.status} response schema of ${link.from.operationId} does not have`);
      } else if (path) {
        if (!source.parameters.some((p) => p.in === "path" && p.name === path[1])) problems.push(`${where}: ${label} reads path parameter ${path[1]}, which ${link.from.operationId} does not take`);
      } else {
        problems.push(`${where}: ${label} has the unsupported expression ${expression}`);
      }
    };
    for (const [name, expression] of Object.entries(link.parameters)) {
      if (!target.parameters.some((p) => p.name === name)) problems.push(`${where}: ${link.operationId} has no parameter ${name}`);
      checkExpression(expression, `parameter ${name}`);
    }
    for (const param of target.parameters.filter((p) => p.in === "path")) {
      if (!(param.name in link.parameters)) problems.push(`${where}: path parameter ${param.name} of ${link.operationId} is not filled`);
    }
    if (link.requestBody !== undefined) {
      const bodySchema = (resolveRef(doc, target.node.requestBody)?.content?.["application/json"] as SpecNode | undefined)?.schema as SpecNode | undefined;
      if (!bodySchema) problems.push(`${where}: ${link.operationId} takes no JSON request body`);
      else if (link.requestBody !== null && typeof link.requestBody === "object" && !Array.isArray(link.requestBody)) {
        for (const field of Object.keys(link.requestBody)) {
          if (!schemaHasPointer(doc, bodySchema, [field])) problems.push(`${where}: the request body of ${link.operationId} has no field ${field}`);
        }
      }
      for (const expression of expressionsIn(link.requestBody)) checkExpression(expression, "request body");
    }
    if (link.cleanup !== undefined && !(Number.isInteger(link.cleanup) && link.cleanup > 0)) problems.push(`${where}: x-cleanup must be a positive integer, got ${JSON.stringify(link.cleanup)}`);
  }
  return problems;
}
