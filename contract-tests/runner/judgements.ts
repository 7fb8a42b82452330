/**
 * Judgement markers (`x-judgement`, see openapi/EXTENSIONS.md): the response constraints of a bundled spec
 * that the provider's docs do not state. `npm run generate` refuses a malformed marker
 * ({@link judgementProblems}); {@link stripJudgements} removes every marked constraint, which is the
 * docs-only stand-in a drift drill serves; {@link schemaSites} says which side of the API uses each schema.
 */
import type { SpecNode } from "./spec-index.js";

/** The marker's name. */
export const JUDGEMENT = "x-judgement";

/**
 * The keywords a marker may name: assertions whose removal leaves a looser schema of the same shape.
 * `type`, `properties`, `$ref` and the applicators are the documented shape itself and cannot be marked.
 */
export const MARKABLE_KEYWORDS: readonly string[] = [
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "required",
  "additionalProperties",
  "enum",
  "const",
];

/** Which side of the API reaches a schema object. */
export type SchemaSide = "request" | "response";

/** A schema object of a document, by JSON pointer, with the sides whose schemas reach it. */
export interface SchemaSite {
  /** JSON pointer, e.g. `#/components/schemas/SessionResponse/properties/liveUrl`. */
  pointer: string;
  node: SpecNode;
  sides: Set<SchemaSide>;
}

/** One marked constraint: a keyword of a schema object, or one name of its `required`. */
export interface Judgement {
  pointer: string;
  keyword: string;
  /** For `required`: the assumed-required property. */
  property?: string;
  reason: string;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;
// Keywords whose value is one subschema, a list of them, or a map of them (JSON Schema 2020-12 applicators).
const ONE_SCHEMA = ["additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_MAPS = ["properties", "patternProperties", "dependentSchemas"];

const isObject = (value: unknown): value is SpecNode => value !== null && typeof value === "object" && !Array.isArray(value);
const escape = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");
const unescape = (segment: string) => segment.replace(/~1/g, "/").replace(/~0/g, "~");

function at(doc: SpecNode, pointer: string): unknown {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .reduce<unknown>((node, seg) => (isObject(node) || Array.isArray(node) ? (node as SpecNode)[unescape(seg)] : undefined), doc);
}

/** Follows a local `$ref` chain; returns the final pointer and node (the input when it is no `$ref`). */
function follow(doc: SpecNode, pointer: string, node: unknown): { pointer: string; node: unknown } {
  let current = { pointer, node };
  for (let depth = 0; isObject(current.node) && typeof current.node.$ref === "string" && current.node.$ref.startsWith("#") && depth < 20; depth++) {
    const ref = current.node.$ref as string;
    current = { pointer: ref, node: at(doc, ref) };
  }
  return current;
}

/** The schema roots of every operation: request parameters and bodies, response bodies and headers. */
function schemaRoots(doc: SpecNode): Array<{ pointer: string; side: SchemaSide }> {
  const roots: Array<{ pointer: string; side: SchemaSide }> = [];
  const mapAt = (node: unknown, key: string): SpecNode => (isObject(node) && isObject(node[key]) ? node[key] : {});
  // A request body, response or parameter with `content`: one root per media type. Returns it resolved.
  const content = (pointer: string, side: SchemaSide) => {
    const resolved = follow(doc, pointer, at(doc, pointer));
    for (const mediaType of Object.keys(mapAt(resolved.node, "content"))) {
      roots.push({ pointer: `${resolved.pointer}/content/${escape(mediaType)}/schema`, side });
    }
    return resolved;
  };
  for (const [path, rawItem] of Object.entries(mapAt(doc, "paths"))) {
    const item = follow(doc, `#/paths/${escape(path)}`, rawItem);
    const parameterLists = [`${item.pointer}/parameters`];
    for (const method of HTTP_METHODS) {
      if (!isObject(item.node) || !isObject(item.node[method])) continue;
      const op = item.node[method] as SpecNode;
      const opPointer = `${item.pointer}/${method}`;
      parameterLists.push(`${opPointer}/parameters`);
      if (op.requestBody !== undefined) content(`${opPointer}/requestBody`, "request");
      for (const status of Object.keys(mapAt(op, "responses"))) {
        const response = content(`${opPointer}/responses/${escape(status)}`, "response");
        for (const [name, rawHeader] of Object.entries(mapAt(response.node, "headers"))) {
          const header = follow(doc, `${response.pointer}/headers/${escape(name)}`, rawHeader);
          if (isObject(header.node) && header.node.schema !== undefined) roots.push({ pointer: `${header.pointer}/schema`, side: "response" });
        }
      }
    }
    for (const list of parameterLists) {
      const parameters = at(doc, list);
      if (!Array.isArray(parameters)) continue;
      parameters.forEach((raw, i) => {
        const parameter = follow(doc, `${list}/${i}`, raw);
        if (!isObject(parameter.node)) return;
        if (parameter.node.schema !== undefined) roots.push({ pointer: `${parameter.pointer}/schema`, side: "request" });
        if (parameter.node.content !== undefined) content(parameter.pointer, "request");
      });
    }
  }
  return roots;
}

/**
 * Every schema object an operation's request or response reaches (following local `$ref`s and every
 * applicator), keyed by JSON pointer, with the sides that reach it. A schema both sides use is listed once.
 */
export function schemaSites(doc: SpecNode): Map<string, SchemaSite> {
  const sites = new Map<string, SchemaSite>();
  const visit = (pointer: string, side: SchemaSide) => {
    const node = at(doc, pointer);
    if (!isObject(node)) return;
    const site = sites.get(pointer);
    if (site?.sides.has(side)) return;
    if (site) site.sides.add(side);
    else sites.set(pointer, { pointer, node, sides: new Set([side]) });
    if (typeof node.$ref === "string" && node.$ref.startsWith("#")) visit(node.$ref, side);
    for (const key of ONE_SCHEMA) if (isObject(node[key])) visit(`${pointer}/${key}`, side);
    for (const key of SCHEMA_LISTS) if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((_, i) => visit(`${pointer}/${key}/${i}`, side));
    for (const key of SCHEMA_MAPS) if (isObject(node[key])) for (const name of Object.keys(node[key])) visit(`${pointer}/${key}/${escape(name)}`, side);
  };
  for (const root of schemaRoots(doc)) visit(root.pointer, root.side);
  return sites;
}

/** A constraint of a response schema: one keyword of a schema object, or one name of its `required`. */
export interface ResponseConstraint {
  pointer: string;
  keyword: string;
  /** For `required`: the required property. */
  property?: string;
  value: unknown;
  /** The marker's reason when the constraint is a judgement. */
  reason?: string;
}

// The constraint keywords responseConstraints reports; `additionalProperties` only when false.
const CONSTRAINT_KEYWORDS = MARKABLE_KEYWORDS.filter((k) => k !== "required" && k !== "additionalProperties");

/**
 * Every constraint response schemas impose, with the marker's reason where it is a judgement: each
 * `required` name, `additionalProperties: false`, a closed `enum` or `const` (an enum that is a branch of
 * an `anyOf` with an `x-open-enum` sibling is open, and not listed unless a response also reaches it
 * closed), and every bound, `format` and `pattern`. In document order of first reach, each listed once.
 */
export function responseConstraints(doc: SpecNode): ResponseConstraint[] {
  const out = new Map<string, ResponseConstraint>();
  const visited = new Set<string>();
  const add = (pointer: string, node: SpecNode, keyword: string, value: unknown, property?: string) => {
    const key = `${pointer} ${keyword} ${property ?? ""}`;
    if (out.has(key)) return;
    const marker = isObject(node[JUDGEMENT]) ? node[JUDGEMENT] : {};
    const reason = property === undefined ? marker[keyword] : isObject(marker.required) ? marker.required[property] : undefined;
    out.set(key, { pointer, keyword, ...(property === undefined ? {} : { property }), value, ...(reason === undefined ? {} : { reason: String(reason) }) });
  };
  // `opened`: this node is a sibling branch of an x-open-enum branch, so its own enum or const is open.
  const visit = (pointer: string, opened: boolean) => {
    const node = at(doc, pointer);
    if (!isObject(node) || visited.has(`${opened} ${pointer}`)) return;
    visited.add(`${opened} ${pointer}`);
    if (Array.isArray(node.required)) for (const name of node.required) add(pointer, node, "required", name, String(name));
    if (node.additionalProperties === false) add(pointer, node, "additionalProperties", false);
    for (const keyword of CONSTRAINT_KEYWORDS) {
      if (!(keyword in node) || (opened && (keyword === "enum" || keyword === "const"))) continue;
      add(pointer, node, keyword, node[keyword]);
    }
    if (typeof node.$ref === "string" && node.$ref.startsWith("#")) visit(node.$ref, opened);
    for (const key of ONE_SCHEMA) if (isObject(node[key])) visit(`${pointer}/${key}`, false);
    for (const key of SCHEMA_LISTS) {
      if (!Array.isArray(node[key])) continue;
      const branches = node[key] as unknown[];
      const open = key === "anyOf" && branches.some((b) => isObject(b) && b["x-open-enum"] === true);
      branches.forEach((_, i) => visit(`${pointer}/${key}/${i}`, open));
    }
    for (const key of SCHEMA_MAPS) if (isObject(node[key])) for (const name of Object.keys(node[key])) visit(`${pointer}/${key}/${escape(name)}`, false);
  };
  for (const root of schemaRoots(doc)) if (root.side === "response") visit(root.pointer, false);
  return [...out.values()];
}

/** Every object of a JSON tree that carries a marker, with its pointer, in document order. */
function markedObjects(root: unknown, pointer = "#"): Array<{ pointer: string; node: SpecNode }> {
  const out: Array<{ pointer: string; node: SpecNode }> = [];
  if (Array.isArray(root)) root.forEach((item, i) => out.push(...markedObjects(item, `${pointer}/${i}`)));
  else if (isObject(root)) {
    if (JUDGEMENT in root) out.push({ pointer, node: root });
    for (const [key, value] of Object.entries(root)) if (key !== JUDGEMENT) out.push(...markedObjects(value, `${pointer}/${escape(key)}`));
  }
  return out;
}

const isReason = (value: unknown): value is string => typeof value === "string" && value.trim() !== "";

/** Every marked constraint of a bundled document, in document order (markers assumed well-formed). */
export function judgements(doc: SpecNode): Judgement[] {
  const out: Judgement[] = [];
  for (const { pointer, node } of markedObjects(doc)) {
    for (const [keyword, reason] of Object.entries(isObject(node[JUDGEMENT]) ? node[JUDGEMENT] : {})) {
      if (keyword === "required" && isObject(reason)) {
        for (const [property, why] of Object.entries(reason)) out.push({ pointer, keyword, property, reason: String(why) });
      } else {
        out.push({ pointer, keyword, reason: String(reason) });
      }
    }
  }
  return out;
}

/**
 * What is wrong with the judgement markers of a bundled document, one sentence each: a marker that is not
 * an object, one on something that is not a schema object or on a schema no response uses (request-side
 * judgement calls are enforced by the mock and explained in the description; marking them would mean
 * nothing to the drift classifier), a keyword that cannot be marked or is absent from the same schema
 * object, an `additionalProperties` marker on an object that is not closed, a `required` name that is not
 * in the object's `required`, and a reason that is not a non-empty string.
 */
export function judgementProblems(doc: SpecNode): string[] {
  const sites = schemaSites(doc);
  const problems: string[] = [];
  for (const { pointer, node } of markedObjects(doc)) {
    const marker = node[JUDGEMENT];
    const site = sites.get(pointer);
    if (!site) {
      problems.push(`${pointer}: ${JUDGEMENT} is not on a schema object of a request or response`);
      continue;
    }
    if (!site.sides.has("response")) {
      problems.push(`${pointer}: ${JUDGEMENT} on a schema only requests use (a request-side judgement call belongs in its description)`);
      continue;
    }
    if (!isObject(marker) || Object.keys(marker).length === 0) {
      problems.push(`${pointer}: ${JUDGEMENT} must map keywords to reasons, got ${JSON.stringify(marker)}`);
      continue;
    }
    for (const [keyword, reason] of Object.entries(marker)) {
      const where = `${pointer}: ${JUDGEMENT}.${keyword}`;
      if (!MARKABLE_KEYWORDS.includes(keyword)) {
        problems.push(`${where}: \`${keyword}\` cannot be marked (markable: ${MARKABLE_KEYWORDS.join(", ")})`);
      } else if (!(keyword in node)) {
        problems.push(`${where}: the schema object has no \`${keyword}\``);
      } else if (keyword === "required") {
        if (!isObject(reason) || Object.keys(reason).length === 0) {
          problems.push(`${where}: must map each assumed-required property to its reason, got ${JSON.stringify(reason)}`);
          continue;
        }
        const required = Array.isArray(node.required) ? (node.required as unknown[]) : [];
        for (const [name, why] of Object.entries(reason)) {
          if (!required.includes(name)) problems.push(`${where}.${name}: \`${name}\` is not in the object's required list`);
          if (!isReason(why)) problems.push(`${where}.${name}: the reason must be a non-empty string, got ${JSON.stringify(why)}`);
        }
      } else if (!isReason(reason)) {
        problems.push(`${where}: the reason must be a non-empty string, got ${JSON.stringify(reason)}`);
      } else if (keyword === "additionalProperties" && node.additionalProperties === true) {
        problems.push(`${where}: \`additionalProperties: true\` constrains nothing`);
      }
    }
  }
  return problems;
}

/**
 * A copy of a bundled document with every judgement constraint removed: each marked keyword deleted, each
 * marked name taken out of its object's `required` (the list dropped when it ends empty), and every marker
 * deleted. The result is what the docs alone promise: the spec a docs-only stand-in serves. Pure.
 */
export function stripJudgements<T extends SpecNode>(doc: T): T {
  const copy = structuredClone(doc);
  for (const { node } of markedObjects(copy)) {
    const marker = node[JUDGEMENT];
    for (const [keyword, reason] of Object.entries(isObject(marker) ? marker : {})) {
      if (keyword === "required" && isObject(reason) && Array.isArray(node.required)) {
        node.required = (node.required as unknown[]).filter((name) => !(typeof name === "string" && Object.hasOwn(reason, name)));
        if ((node.required as unknown[]).length === 0) delete node.required;
      } else {
        delete node[keyword];
      }
    }
    delete node[JUDGEMENT];
  }
  return copy;
}
