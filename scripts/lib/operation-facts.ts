/**
 * The per-operation facts a client needs at run time, read from a bundled spec (see openapi/EXTENSIONS.md)
 * and written by `npm run generate` as `generated/<api>/operations.js` with its `.d.ts`. The clients import
 * that module instead of keeping their own table of billable or idempotent operations.
 */
import { resolveRef } from "../../contract-tests/runner/spec-links.js";

/** The facts of one operation. */
export interface OperationFacts {
  operationId: string;
  /** `x-billable`: starts work that costs money; never re-sent once it may have been delivered. */
  billable: boolean;
  /** Sending it twice has the effect of sending it once: the method's default, or `x-idempotent`. */
  idempotent: boolean;
  /** `x-already-done-statuses`: a resend answered with one of these means the first attempt did the job. */
  alreadyDoneStatuses: number[];
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;
// RFC 9110 section 9.2.2: these methods are idempotent by definition.
const IDEMPOTENT_METHODS = new Set(["get", "head", "put", "delete", "options"]);

type Node = Record<string, unknown>;

/** The facts of every operation of a bundled document, keyed `METHOD /schema/path`, in document order. */
export function operationFacts(doc: Node): Record<string, OperationFacts> {
  const out: Record<string, OperationFacts> = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      const label = `${method.toUpperCase()} ${path}`;
      const where = `${label} (${String(op.operationId)})`;
      const billable = op["x-billable"] ?? false;
      const idempotent = op["x-idempotent"] ?? IDEMPOTENT_METHODS.has(method);
      const done = op["x-already-done-statuses"] ?? [];
      if (typeof billable !== "boolean") throw new Error(`${where}: x-billable must be true or false`);
      if (billable && method !== "post") throw new Error(`${where}: x-billable marks a create, which is a POST`);
      if (typeof idempotent !== "boolean") throw new Error(`${where}: x-idempotent must be true or false`);
      if (billable && idempotent) throw new Error(`${where}: a billable create cannot be idempotent`);
      if (!Array.isArray(done) || !done.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)) {
        throw new Error(`${where}: x-already-done-statuses must list 4xx/5xx statuses`);
      }
      const responses = Object.keys((op.responses ?? {}) as Node);
      const undocumented = done.filter((s) => !responses.includes(String(s)));
      if (undocumented.length > 0) throw new Error(`${where}: x-already-done-statuses ${undocumented.join(", ")} not among its responses`);
      out[label] = { operationId: String(op.operationId), billable, idempotent, alreadyDoneStatuses: done as number[] };
    }
  }
  return out;
}

// Whether a schema admits JSON `null`: a `type` that allows it (or none), a `null` const or enum value, an
// `anyOf` / `oneOf` with a branch that does, and every `allOf` branch. An unresolvable ref admits anything.
function admitsNull(doc: Node, schema: Node, depth = 0): boolean {
  const node = resolveRef(doc, schema) ?? {};
  if (depth > 20) return true;
  const { type } = node;
  if (type !== undefined && type !== "null" && !(Array.isArray(type) && type.includes("null"))) return false;
  if ("const" in node) return node.const === null;
  if (Array.isArray(node.enum)) return node.enum.includes(null);
  const branches = (key: string) => ((node[key] ?? []) as Node[]).map((branch) => admitsNull(doc, branch, depth + 1));
  for (const key of ["anyOf", "oneOf"]) {
    const each = branches(key);
    if (each.length > 0 && !each.some(Boolean)) return false;
  }
  return branches("allOf").every(Boolean);
}

/**
 * Per operation, whether every documented 2xx response has a body (`content`) that cannot be `null`: when it
 * does, an empty or `null` 2xx body is malformed (the caller would get `undefined` or `null` typed as the
 * resource). A plain OpenAPI fact, not a marker, so it is its own export beside `operations`.
 */
export function successBodyFacts(doc: Node): Record<string, boolean> {
  const hasBody = (response: Node) => {
    const content = resolveRef(doc, response)?.content as Record<string, Node> | undefined;
    return content !== undefined && Object.values(content).every((media) => media.schema !== undefined && !admitsNull(doc, media.schema as Node));
  };
  const out: Record<string, boolean> = {};
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Node>)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as Node | undefined;
      if (!op) continue;
      const success = Object.entries((op.responses ?? {}) as Record<string, Node>).filter(([status]) => /^2/.test(status));
      out[`${method.toUpperCase()} ${path}`] = success.length > 0 && success.every(([, response]) => hasBody(response));
    }
  }
  return out;
}

const HEADER = "// Generated by `npm run generate` from openapi.json (x-billable, x-idempotent, x-already-done-statuses, 2xx bodies). Do not edit.\n";

/** `operations.js` and `operations.d.ts` for a bundled document. */
export function operationsModule(doc: Node): { js: string; dts: string } {
  const facts = operationFacts(doc);
  const entries = Object.entries(facts);
  const bodies = Object.entries(successBodyFacts(doc));
  const bodiesDoc = "/** Per operation: every documented 2xx response has a body, so an empty 2xx body is malformed. */\n";
  const successBody = Object.fromEntries(bodies);
  // One row per operation, flags as 0/1 and an empty status list left out: the client bundle carries this
  // module, and a table of rows is a third of the size of the same facts as object literals.
  const row = (label: string, f: OperationFacts) => {
    const cells = [label, f.operationId, Number(f.billable), Number(f.idempotent), Number(successBody[label] ?? false)];
    return [...cells, ...(f.alreadyDoneStatuses.length > 0 ? [f.alreadyDoneStatuses] : [])].map((cell) => JSON.stringify(cell)).join(", ");
  };
  const js = [
    HEADER,
    "// Columns: label (`METHOD /schema/path`), operationId, billable, idempotent, success body, alreadyDoneStatuses (default none).\n",
    "const table = [\n",
    ...entries.map(([label, f]) => `  [${row(label, f)}],\n`),
    "];\n",
    "/** The facts of every operation, keyed `METHOD /schema/path`. */\n",
    "export const operations = /* @__PURE__ */ Object.fromEntries(\n",
    "  table.map(([label, operationId, billable, idempotent, , alreadyDoneStatuses = []]) => [label, { operationId, billable: billable === 1, idempotent: idempotent === 1, alreadyDoneStatuses }]),\n",
    ");\n",
    bodiesDoc,
    "export const successBodies = /* @__PURE__ */ Object.fromEntries(table.map(([label, , , , body]) => [label, body === 1]));\n",
  ].join("");
  const dts = [
    HEADER,
    "/** The facts the client reads per operation. */\n",
    "export interface OperationFacts {\n",
    "  /** The spec's operationId. */\n  readonly operationId: string;\n",
    "  /** `x-billable`: starts work that costs money; never re-sent once it may have been delivered. */\n  readonly billable: boolean;\n",
    "  /** Sending it twice has the effect of sending it once (the method's default, or `x-idempotent`). */\n  readonly idempotent: boolean;\n",
    "  /** `x-already-done-statuses`: a resend answered with one of these means the first attempt did the job. */\n  readonly alreadyDoneStatuses: readonly number[];\n",
    "}\n",
    "/** The facts of every operation, keyed `METHOD /schema/path`. */\n",
    "export declare const operations: {\n",
    ...entries.map(([label, f]) => `  readonly ${JSON.stringify(label)}: OperationFacts & { readonly operationId: ${JSON.stringify(f.operationId)} };\n`),
    "};\n",
    bodiesDoc,
    "export declare const successBodies: {\n",
    ...bodies.map(([label]) => `  readonly ${JSON.stringify(label)}: boolean;\n`),
    "};\n",
  ].join("");
  return { js, dts };
}
