/**
 * The report folder and allow-list a command uses when `--out` and `--allowlist` are not given. Like every
 * relative path of the command line, they are those of the folder the command ran in: under `npm run` from
 * a subfolder the process runs in the project root, and `--out reports/drift` and no `--out` must agree.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_ALLOWLIST_PATH } from "../contract-tests/drift/allowlist.js";
import { DEFAULT_REPORT_DIR } from "../contract-tests/drift/report.js";

/** `out` and `allowlist` with their defaults resolved against `cwd` (the allow-list only when that file exists). */
export function withReportDefaults(values: { out: string | undefined; allowlist: string | undefined }, cwd: string): { outDir: string; allowlist?: string } {
  const allowlist = values.allowlist ?? resolve(cwd, DEFAULT_ALLOWLIST_PATH);
  return { outDir: values.out ?? resolve(cwd, DEFAULT_REPORT_DIR), ...(values.allowlist !== undefined || existsSync(allowlist) ? { allowlist } : {}) };
}
