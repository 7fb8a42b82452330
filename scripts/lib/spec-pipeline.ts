/**
 * The three steps of `npm run generate` as library calls in one process:
 * lint (Redocly), bundle (Redocly), types (openapi-typescript).
 */
import { bundle, formatProblems, getTotals, lint, loadConfig, type Config } from "@redocly/openapi-core";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

/** One `apis:` entry of redocly.yaml. */
export interface ApiEntry {
  name: string;
  root: string;
  config: Config;
}

/** Reads redocly.yaml and returns its `apis:` entries in file order. */
export async function loadApis(configPath = "redocly.yaml"): Promise<ApiEntry[]> {
  const config = await loadConfig({ configPath });
  const apis = config.resolvedConfig.apis ?? {};
  return Object.entries(apis).map(([name, api]) => ({ name, root: api.root, config: config.forAlias(name) }));
}

/** Lints one API; returns the number of errors and warnings after printing them. */
export async function lintApi(api: ApiEntry): Promise<{ errors: number; warnings: number }> {
  const problems = await lint({ ref: api.root, config: api.config });
  const totals = getTotals(problems);
  if (problems.length > 0) {
    formatProblems(problems, { totals, format: "codeframe", color: Boolean(process.stdout.isTTY) });
  }
  return { errors: totals.errors, warnings: totals.warnings };
}

/** Bundles one API into a single document (component refs kept, unused components removed). */
export async function bundleApi(api: ApiEntry): Promise<Record<string, unknown>> {
  const result = await bundle({ ref: api.root, config: api.config, removeUnusedComponents: true });
  const errors = result.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    formatProblems(errors, { totals: getTotals(errors), format: "codeframe", color: false });
    throw new Error(`bundle of ${api.name} reported ${errors.length} error(s)`);
  }
  return sortComponents(result.bundle.parsed as Record<string, unknown>);
}

// Redocly adds components in the order it first meets their $refs; sorting each components map by
// name keeps the bundle byte-stable when paths are reordered. Everything else keeps source order.
function sortComponents(doc: Record<string, unknown>): Record<string, unknown> {
  const components = doc.components as Record<string, Record<string, unknown>> | undefined;
  if (!components) return doc;
  const sorted: Record<string, Record<string, unknown>> = {};
  for (const section of Object.keys(components).sort()) {
    const entries = Object.entries(components[section] ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    sorted[section] = Object.fromEntries(entries);
  }
  return { ...doc, components: sorted };
}

/** Serialises a bundled document deterministically (2-space JSON, trailing newline). */
export function bundleToJson(doc: Record<string, unknown>): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Generates the TypeScript declarations for a bundled document. */
export async function typesFor(doc: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(doc as never, {
    // A default is what the server assumes when a field is omitted: it stays optional in the types.
    defaultNonNullable: false,
  });
  return COMMENT_HEADER + astToString(ast);
}
