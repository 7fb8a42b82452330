/**
 * Spec diffs, as the bin, the npm script and the programmatic API share them. Two modes:
 * - file: a spec file (JSON or YAML) against a provider's bundled spec or another file; any breaking
 *   change fails. This is what a team that installed the package runs (against a spec the provider
 *   publishes, or the bundle of the version they upgrade from).
 * - git ref: every generated/<provider>/openapi.json of this repository against the same file at the ref,
 *   with the release rule of VERSIONING in CHANGELOG.md (a breaking change needs major bumps and an entry).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { InputError, readDataFile } from "../contract-tests/runner/input-files.js";
import { UsageError } from "./args.js";
import { selectProviders } from "./providers.js";
import { classifyChanges, judge, summarize, type ProviderVerdict } from "./spec-diff.js";

/** Options of {@link diffSpec}. */
export interface SpecDiffOptions {
  /** The older spec: a file path (JSON, or YAML by extension) or a parsed document. */
  base: string | object;
  /** The newer spec: a file path or a document; default the package's bundled spec of `provider`. */
  head?: string | object;
  /** The provider whose bundled spec is the head; also the label of the result (default the head file's name). */
  provider?: string;
}

/** Spec files are told from git refs by their extension. */
export function isSpecFile(base: string): boolean {
  return /\.(json|ya?ml)$/i.test(base);
}

function load(spec: string | object, what: string): object {
  if (typeof spec !== "string") return spec;
  const doc = readDataFile(spec, what);
  if (doc === null || typeof doc !== "object" || !("openapi" in doc)) throw new InputError(`${what} ${resolve(spec)} is not an OpenAPI document (no "openapi" field)`);
  return doc;
}

/** Classifies every change from `base` to `head`: `breaking-unreleased` never appears; `compatible`, `unchanged` or `breaking`. */
export function diffSpec(options: SpecDiffOptions): ProviderVerdict {
  if (options.head === undefined && options.provider === undefined) throw new UsageError("a spec diff needs the provider whose bundled spec is the head, or a head spec file");
  const head = options.head ?? selectProviders([options.provider!])[0]!.specPath;
  const baseDoc = load(options.base, "base spec") as { info?: { version?: string } };
  const headDoc = load(head, "head spec") as { info?: { version?: string } };
  const changes = classifyChanges(baseDoc, headDoc);
  const summary = summarize(changes);
  const provider = options.provider ?? (typeof head === "string" ? basename(head) : "spec");
  const status = summary.breaking > 0 ? "breaking" : changes.length === 0 ? "unchanged" : "compatible";
  return { provider, status, specVersion: { base: baseDoc.info?.version, head: headDoc.info?.version }, changes, summary, missing: [] };
}

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** The file at `ref`, or undefined when the ref does not have it. */
function showAt(ref: string, path: string, cwd: string): string | undefined {
  try {
    return git(["show", `${ref}:${path}`], cwd);
  } catch {
    return undefined;
  }
}

function parseAt(text: string | undefined, what: string): any {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

function generatedProviders(root: string): string[] {
  const dir = join(root, "generated");
  return existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, "openapi.json"))) : [];
}

/** What a git-ref diff compared, and each provider's verdict under the release rule. */
export interface RefDiff {
  base: string;
  release: { basePackageVersion: string; headPackageVersion: string };
  verdicts: ProviderVerdict[];
}

/**
 * Compares generated/<provider>/openapi.json of the working tree in `root` with the same files at `ref`
 * and judges each provider by the release rule. `providers` narrows the comparison (default: every
 * provider at the ref or in the tree).
 */
export function diffAgainstRef(ref: string, options: { root?: string; providers?: readonly string[] } = {}): RefDiff {
  const root = options.root ?? process.cwd();
  try {
    git(["rev-parse", "--git-dir"], root);
  } catch {
    throw new UsageError(`--base ${ref} is a git ref, but ${root} is not a git repository (to compare spec files, give --base FILE.json)`);
  }
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], root);
  } catch {
    throw new UsageError(`unknown git ref: ${ref}`);
  }
  const listed = git(["ls-tree", "-r", "--name-only", ref, "--", "generated"], root).split("\n");
  const atRef = listed.flatMap((path) => /^generated\/([^/]+)\/openapi\.json$/.exec(path)?.[1] ?? []);
  const providers = [...new Set([...atRef, ...generatedProviders(root)])].filter((p) => !options.providers || options.providers.includes(p)).sort();
  if (providers.length === 0) throw new InputError(`no generated/<provider>/openapi.json in ${root} or at ${ref}: a git-ref diff runs in this toolkit's repository (elsewhere, compare spec files with --base FILE.json)`);
  const packageFile = join(root, "package.json");
  const headPackage = parseAt(existsSync(packageFile) ? readFileSync(packageFile, "utf8") : "{}", packageFile) as { version?: string };
  const basePackage = parseAt(showAt(ref, "package.json", root), `${ref}:package.json`) as { version?: string } | undefined;
  const changelogFile = join(root, "CHANGELOG.md");
  const changelog = existsSync(changelogFile) ? readFileSync(changelogFile, "utf8") : "";
  const release = { basePackageVersion: basePackage?.version ?? "0.0.0", headPackageVersion: headPackage.version ?? "0.0.0", changelog };
  const verdicts = providers.map((provider) => {
    const path = join("generated", provider, "openapi.json");
    const base = parseAt(showAt(ref, path, root), `${ref}:${path}`);
    const headFile = join(root, path);
    const head = existsSync(headFile) ? parseAt(readFileSync(headFile, "utf8"), headFile) : undefined;
    return judge({ provider, base, head }, release);
  });
  return { base: ref, release: { basePackageVersion: release.basePackageVersion, headPackageVersion: release.headPackageVersion }, verdicts };
}

/** True when a verdict fails the run: a breaking change (file mode), unreleased or a removed spec (git mode). */
export function verdictFails(verdict: ProviderVerdict): boolean {
  return verdict.status === "breaking" || verdict.status === "breaking-unreleased" || verdict.status === "removed";
}
