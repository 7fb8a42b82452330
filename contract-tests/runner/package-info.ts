/** This package's own package.json, found from this module (repository: contract-tests/runner/; installed: dist/tools/contract-tests/runner/). */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The fields of package.json the tooling reads. */
export interface PackageInfo {
  name: string;
  version: string;
  peerDependencies?: Record<string, string>;
}

const PACKAGE_NAME = "browser-agent-apis";
let cached: PackageInfo | undefined;

/** The package's package.json (name, version, peers); read once. */
export function packageInfo(): PackageInfo {
  if (cached) return cached;
  for (const up of ["../../package.json", "../../../../package.json"]) {
    const path = fileURLToPath(new URL(up, import.meta.url));
    if (!existsSync(path)) continue;
    const pkg = JSON.parse(readFileSync(path, "utf8")) as PackageInfo;
    if (pkg.name === PACKAGE_NAME) return (cached = pkg);
  }
  return (cached = { name: PACKAGE_NAME, version: "unknown" });
}
