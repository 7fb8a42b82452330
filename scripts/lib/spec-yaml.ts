/** The YAML form of a bundled spec, as the package publishes it (dist/openapi/<provider>.yaml). */
import { Document, visit } from "yaml";

/**
 * A bundled document as YAML that YAML 1.1 and 1.2 parsers read as the same JSON: strings a 1.1
 * parser would take for a timestamp, boolean or number (`2026-11-20T11:00:00Z`, `yes`, `0755`) are
 * quoted, and a string ending in a blank line is double-quoted, because some parsers (Prism's among
 * them) drop the last newline of a `|+` block. No line folding, so descriptions keep their own breaks.
 */
export function specYaml(doc: unknown): string {
  const document = new Document(doc, { version: "1.1", aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_, node) {
      if (typeof node.value === "string" && node.value.endsWith("\n\n")) node.type = "QUOTE_DOUBLE";
    },
  });
  return document.toString({ lineWidth: 0 });
}
