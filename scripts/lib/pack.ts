/** Builds dist/ and packs the package the way `npm publish` would. */
import { execFileSync } from "node:child_process";
import { join, resolve } from "node:path";

/** The file list and tarball of one `npm pack`. */
export interface PackResult {
  tarball: string;
  files: string[];
  /** Tarball size in bytes. */
  size: number;
  unpackedSize: number;
}

/** Runs `npm run build` (throws with its output on failure). */
export function build(): void {
  execFileSync("npm", ["run", "-s", "build"], { encoding: "utf8", stdio: "pipe" });
}

/** Runs `npm pack` into `destination` and returns what it wrote. */
export function pack(destination: string): PackResult {
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const [result] = JSON.parse(out) as { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!result) throw new Error(`npm pack printed no result: ${out}`);
  return { tarball: resolve(join(destination, result.filename)), files: result.files.map((f) => f.path).sort(), size: result.size, unpackedSize: result.unpackedSize };
}
