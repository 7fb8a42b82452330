/**
 * openapi-typescript's options for every API, as plain JavaScript: the types worker runs without tsx and
 * imports this module itself (a transform function cannot travel in workerData), and the in-thread
 * `typesFor` imports it too, so both paths generate the same declarations.
 */
import ts from "typescript";

// `string & {}` is a subtype of `string` that TypeScript does not merge with string literals: in
// `Known | (string & {})` the known values stay visible (hover, completions, `Extract`) while any other
// string still type-checks. `Known | string` collapses to plain `string`.
const OPEN_STRING = ts.factory.createParenthesizedType(
  ts.factory.createIntersectionTypeNode([ts.factory.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), ts.factory.createTypeLiteralNode([])]),
);

/**
 * The `transform` hook: the `{type: string, x-open-enum: true}` branch of an `anyOf` becomes `string & {}`;
 * every other schema is left to openapi-typescript. A marker anywhere else is an authoring error.
 */
export function openEnumTransform(schemaObject, metadata) {
  if (schemaObject["x-open-enum"] !== true) return undefined;
  const at = metadata.path ?? "(unknown path)";
  const found = schemaObject.type !== "string" ? `type ${JSON.stringify(schemaObject.type)}` : !/\/anyOf\/\d+$/.test(at) ? "a schema outside an anyOf" : undefined;
  if (found) throw new Error(`x-open-enum belongs on the {type: string} branch of an anyOf beside the known enum; found ${found} at ${at}`);
  return OPEN_STRING;
}

/** The options: defaults stay optional, and open enums keep their known values. */
export const TYPES_OPTIONS = {
  // A default is what the server assumes when a field is omitted: it stays optional in the types.
  defaultNonNullable: false,
  transform: openEnumTransform,
};
