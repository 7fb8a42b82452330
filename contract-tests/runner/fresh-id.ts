/**
 * Fresh ids that satisfy a spec's schema: a new UUID for a uuid, else a documented value with its random
 * part redrawn (`session_0194…` keeps `session_`). The live runner uses them for "an unknown, well-formed
 * id"; the stand-in hands them out as the ids of what it creates.
 */
import { randomInt, randomUUID } from "node:crypto";
import type { SpecIndex, SpecNode, SpecOperation } from "./spec-index.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Draws before giving up on a schema no redrawn value satisfies.
const MAX_DRAWS = 50;
const HEX = "0123456789abcdef";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();

function escape(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

function pick(chars: string): string {
  return chars[randomInt(chars.length)]!;
}

/** `value` with every character after its last `_`, `-` or `.` redrawn from the same class (hex, letter, digit). */
export function redraw(value: string): string {
  const cut = Math.max(value.lastIndexOf("_"), value.lastIndexOf("-"), value.lastIndexOf(".")) + 1;
  const head = cut > 0 && cut < value.length ? value.slice(0, cut) : "";
  const tail = head === "" ? value : value.slice(cut);
  const drawn = [...tail].map((c) => (/[0-9a-f]/.test(c) ? pick(HEX) : /[a-z]/.test(c) ? pick(LOWER) : /[A-Z]/.test(c) ? pick(UPPER) : c)).join("");
  return head + drawn;
}

/** Follows `$ref`s from the schema at `pointer`; returns the final schema and its pointer. */
function follow(spec: SpecIndex, pointer: string): { node?: SpecNode; pointer: string } {
  let where = pointer;
  let node: SpecNode | undefined = spec.at(where);
  for (let depth = 0; typeof node?.$ref === "string" && depth < 20; depth++) {
    where = node.$ref as string;
    node = spec.at(where);
  }
  return { node, pointer: where };
}

/**
 * The pointer of the schema that describes the value at `jsonPointer` inside a value of the schema at
 * `schemaPointer` (through `$ref`, `allOf`/`anyOf`/`oneOf`, `properties` and `items`); undefined when none does.
 */
export function schemaPointerAt(spec: SpecIndex, schemaPointer: string, jsonPointer: string, depth = 0): string | undefined {
  const segments = jsonPointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const { node, pointer } = follow(spec, schemaPointer);
  if (!node || depth > 32) return undefined;
  if (segments.length === 0) return pointer;
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    for (let i = 0; i < ((node[key] as unknown[] | undefined)?.length ?? 0); i++) {
      const found = schemaPointerAt(spec, `${pointer}/${key}/${i}`, jsonPointer, depth + 1);
      if (found) return found;
    }
  }
  const [head, ...rest] = segments as [string, ...string[]];
  const restPointer = rest.length ? `/${rest.map(escape).join("/")}` : "";
  if (node.properties && head in node.properties) return schemaPointerAt(spec, `${pointer}/properties/${escape(head)}`, restPointer, depth + 1);
  if (node.items && /^\d+$/.test(head)) return schemaPointerAt(spec, `${pointer}/items`, restPointer, depth + 1);
  return undefined;
}

/** The pointer of a parameter's schema (path-level or operation-level, `$ref` followed), and its documented example. */
export function parameterSchema(spec: SpecIndex, operation: SpecOperation, name: string, where = "path"): { pointer: string; example?: string } | undefined {
  const pathPointer = operation.pointer.replace(/\/[a-z]+$/, "");
  const lists: [SpecNode[] | undefined, string][] = [
    [operation.node.parameters, `${operation.pointer}/parameters`],
    [spec.at(pathPointer)?.parameters, `${pathPointer}/parameters`],
  ];
  for (const [list, base] of lists) {
    for (let i = 0; i < (list?.length ?? 0); i++) {
      const { node, pointer } = follow(spec, `${base}/${i}`);
      if (node?.name === name && node.in === where) {
        const example = typeof node.example === "string" ? node.example : undefined;
        return { pointer: `${pointer}/schema`, ...(example === undefined ? {} : { example }) };
      }
    }
  }
  return undefined;
}

/**
 * A new string the schema at `schemaPointer` accepts, unlike `like` (a value to imitate; else the schema's
 * first example). Throws when no draw validates: the caller would otherwise send a malformed id.
 */
export function freshValue(spec: SpecIndex, schemaPointer: string, like?: string): string {
  const { node, pointer } = follow(spec, schemaPointer);
  const validate = spec.validator(pointer);
  const examples = (node?.examples as unknown[] | undefined) ?? [];
  const template = like ?? (typeof examples[0] === "string" ? examples[0] : typeof node?.example === "string" ? node.example : undefined);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const candidate =
      node?.format === "uuid" || (template !== undefined && UUID.test(template))
        ? randomUUID()
        : template !== undefined && template !== ""
          ? redraw(template)
          : `live-${Array.from({ length: 12 }, () => pick(HEX)).join("")}`;
    if (candidate !== like && validate(candidate)) return candidate;
  }
  throw new Error(`no fresh value satisfies the schema at ${pointer} (imitating ${JSON.stringify(template)})`);
}
