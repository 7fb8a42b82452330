/**
 * The cost caps of a bundled spec (see openapi/EXTENSIONS.md): `x-cost-cap: <unit>` on a request body
 * field of an `x-billable` create says "setting this field caps what the call can cost". The live runner
 * sets each one to its own tiny cap; `npm run generate` refuses a marker anywhere else.
 */
import type { SpecNode } from "./spec-index.js";
import { escapePointer as escape, markerPointers } from "./spec-links.js";

/** The units a cost cap may be given in: `usd` is an amount in US dollars. */
export const COST_CAP_UNITS = ["usd"] as const;

/** A unit of {@link COST_CAP_UNITS}. */
export type CostCapUnit = (typeof COST_CAP_UNITS)[number];

/** One field that caps the cost of a billable create. */
export interface CostCap {
  operationId: string;
  /** The top-level field of the JSON request body. */
  field: string;
  unit: string;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"] as const;

function at(doc: SpecNode, pointer: string): SpecNode | undefined {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .reduce<SpecNode | undefined>((node, seg) => node?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

/** Follows `$ref`s from a node at `pointer`; returns the final node and its pointer. */
function follow(doc: SpecNode, node: SpecNode | undefined, pointer: string): { node?: SpecNode; pointer: string } {
  let current = node;
  let where = pointer;
  for (let depth = 0; typeof current?.$ref === "string" && depth < 20; depth++) {
    where = current.$ref as string;
    current = at(doc, where);
  }
  return { node: current, pointer: where };
}

interface Located {
  operationId: string;
  field: string;
  /** Pointer of the field's schema (after `$ref`s), where an `x-cost-cap` may sit. */
  pointer: string;
  node: SpecNode;
}

/** The top-level fields of every billable create's JSON request body (through `$ref` and `allOf`). */
function billableBodyFields(doc: SpecNode): Located[] {
  const out: Located[] = [];
  for (const [path, item] of Object.entries<SpecNode>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as SpecNode | undefined;
      if (!op || op["x-billable"] !== true) continue;
      const opPointer = `#/paths/${escape(path)}/${method}`;
      const body = follow(doc, op.requestBody, `${opPointer}/requestBody`);
      const schemaPointer = `${body.pointer}/content/application~1json/schema`;
      const visit = (schema: { node?: SpecNode; pointer: string }, depth: number) => {
        if (!schema.node || depth > 8) return;
        for (const [field, raw] of Object.entries<SpecNode>(schema.node.properties ?? {})) {
          const property = follow(doc, raw, `${schema.pointer}/properties/${escape(field)}`);
          if (property.node) out.push({ operationId: String(op.operationId), field, pointer: property.pointer, node: property.node });
          // The marker may sit on the property itself when the property is a `$ref` with siblings.
          if (property.pointer !== `${schema.pointer}/properties/${escape(field)}`) out.push({ operationId: String(op.operationId), field, pointer: `${schema.pointer}/properties/${escape(field)}`, node: raw });
        }
        ((schema.node.allOf as SpecNode[] | undefined) ?? []).forEach((branch, i) => visit(follow(doc, branch, `${schema.pointer}/allOf/${i}`), depth + 1));
      };
      visit(follow(doc, body.node?.content?.["application/json"]?.schema, schemaPointer), 0);
    }
  }
  return out;
}

/** Every cost-cap field of the billable creates, in document order. */
export function costCaps(doc: SpecNode): CostCap[] {
  const seen = new Set<string>();
  return billableBodyFields(doc).flatMap(({ operationId, field, node }) => {
    const unit = node["x-cost-cap"];
    const key = `${operationId} ${field}`;
    if (unit === undefined || seen.has(key)) return [];
    seen.add(key);
    return [{ operationId, field, unit: String(unit) }];
  });
}

/** What is wrong with the cost caps of a bundled document, one sentence each: a marker off a billable create's body, or an unknown unit. */
export function costCapProblems(doc: SpecNode): string[] {
  const allowed = new Set(billableBodyFields(doc).map((f) => f.pointer));
  const problems = markerPointers(doc, "x-cost-cap")
    .filter((pointer) => !allowed.has(pointer))
    .map((pointer) => `x-cost-cap at ${pointer} is not on a request body field of an x-billable operation`);
  for (const cap of costCaps(doc)) {
    if (!(COST_CAP_UNITS as readonly string[]).includes(cap.unit)) {
      problems.push(`${cap.operationId}: x-cost-cap of ${cap.field} is ${JSON.stringify(cap.unit)}; known units: ${COST_CAP_UNITS.join(", ")}`);
    }
  }
  return problems;
}
