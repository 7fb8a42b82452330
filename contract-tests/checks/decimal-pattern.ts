import type { SpecIndex, SpecNode } from "../runner/spec-index.js";
import type { CheckFailure } from "../runner/types.js";
import type { Check } from "./context.js";

const DECIMAL_REF = "#/components/schemas/DecimalString";

function walk(spec: SpecIndex, schema: SpecNode | undefined, value: unknown, pointer: string, pattern: RegExp, out: CheckFailure[], depth = 0): void {
  if (!schema || depth > 50) return;
  if (typeof schema.$ref === "string") {
    if (schema.$ref === DECIMAL_REF) {
      if (typeof value === "string" && !pattern.test(value)) {
        out.push({ check: "decimalPattern", message: `${pointer || "/"}: ${JSON.stringify(value)} is not a decimal string (${pattern.source})` });
      }
      return;
    }
    walk(spec, spec.resolve(schema), value, pointer, pattern, out, depth + 1);
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    for (const branch of (schema[key] as SpecNode[] | undefined) ?? []) walk(spec, branch, value, pointer, pattern, out, depth + 1);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(spec, schema.items, item, `${pointer}/${i}`, pattern, out, depth + 1));
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (key in value) walk(spec, child as SpecNode, (value as Record<string, unknown>)[key], `${pointer}/${key}`, pattern, out, depth + 1);
    }
  }
}

/** Every field typed as the shared `DecimalString` holds the provider's decimal pattern (read from the spec). */
export const decimalPattern: Check = ({ spec, operation, response }) => {
  const decimal = spec.at(DECIMAL_REF);
  const documented = spec.response(operation, response.status);
  if (!decimal?.pattern || !documented || response.json === undefined) return [];
  const schema = documented.node.content?.[response.mediaType]?.schema as SpecNode | undefined;
  const out: CheckFailure[] = [];
  walk(spec, schema, response.json, "", new RegExp(decimal.pattern as string, "u"), out);
  return out;
};
