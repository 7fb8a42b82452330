/**
 * Where a provider's bundled spec is, from this module's own location: generated/<name>/openapi.json in
 * the repository, dist/openapi/<name>.json in the installed package (the tooling is compiled to
 * dist/tools/contract-tests/runner/). Independent of the directory the command runs in.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The absolute path of a provider's bundled spec (the repository's when both exist). */
export function bundledSpecPath(name: string): string {
  const repository = fileURLToPath(new URL(`../../generated/${name}/openapi.json`, import.meta.url));
  const installed = fileURLToPath(new URL(`../../../openapi/${name}.json`, import.meta.url));
  return existsSync(repository) || !existsSync(installed) ? repository : installed;
}
