/**
 * `npm run diff -- --base <git ref>`: compares each provider's bundled spec (generated/<provider>/openapi.json)
 * with the same file at the base ref, classifies the changes with api-smart-diff (breaking / non-breaking /
 * annotation), prints a summary, and exits 1 on a breaking change that is not released per VERSIONING in
 * CHANGELOG.md: the spec's info.version and the package version both get a major bump, and CHANGELOG.md has
 * an entry for the new package version. A provider absent at the base is new, not an error.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { specProviders } from "./lib/package-layout.js";
import { judge, type ProviderVerdict } from "./lib/spec-diff.js";
import { runMain } from "./lib/steps.js";

const USAGE = "usage: npm run diff -- --base <git ref> [--all]";

function git(args: string[]): string {
  return execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** The file at `ref`, or undefined when the ref does not have it. */
function showAt(ref: string, path: string): string | undefined {
  try {
    return git(["show", `${ref}:${path}`]);
  } catch {
    return undefined;
  }
}

function providersAt(ref: string): string[] {
  const listed = git(["ls-tree", "-r", "--name-only", ref, "--", "generated"]).split("\n");
  return listed.flatMap((path) => /^generated\/([^/]+)\/openapi\.json$/.exec(path)?.[1] ?? []);
}

function readJson(text: string | undefined, what: string): any {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not JSON: ${(error as Error).message}`);
  }
}

function report(verdict: ProviderVerdict, all: boolean): void {
  const { provider, status, specVersion, summary } = verdict;
  const versions = `spec ${specVersion.base ?? "-"} -> ${specVersion.head ?? "-"}`;
  const counts = `${summary.breaking} breaking, ${summary["non-breaking"]} non-breaking, ${summary.annotation} annotation` +
    (summary.deprecated ? `, ${summary.deprecated} deprecated` : "") + (summary.unclassified ? `, ${summary.unclassified} unclassified` : "");
  const label = status === "breaking-unreleased" || status === "removed" ? "FAIL " : "ok   ";
  console.log(`${label} ${provider}: ${status} (${versions}; ${status === "new" ? "no base to compare" : counts})`);
  for (const change of verdict.changes) {
    if (!all && change.type !== "breaking") continue;
    console.log(`        ${change.type}: ${change.description}${change.rule ? ` [rule: ${change.rule}]` : ""}\n          at ${change.path}`);
  }
  for (const reason of verdict.missing) console.log(`        needed: ${reason}`);
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const baseIndex = args.indexOf("--base");
  const base = baseIndex >= 0 ? args[baseIndex + 1] : undefined;
  if (!base) {
    console.error(USAGE);
    return 2;
  }
  try {
    git(["rev-parse", "--verify", "--quiet", `${base}^{commit}`]);
  } catch {
    console.error(`unknown git ref: ${base}`);
    return 2;
  }
  const all = args.includes("--all");

  const headPackage = readJson(readFileSync("package.json", "utf8"), "package.json") as { version: string };
  const basePackage = readJson(showAt(base, "package.json"), `${base}:package.json`) as { version?: string } | undefined;
  const changelog = existsSync("CHANGELOG.md") ? readFileSync("CHANGELOG.md", "utf8") : "";
  const release = { basePackageVersion: basePackage?.version ?? "0.0.0", headPackageVersion: headPackage.version, changelog };
  console.log(`diff  ${base} -> working tree (package ${release.basePackageVersion} -> ${release.headPackageVersion})`);

  const providers = [...new Set([...providersAt(base), ...specProviders()])].sort();
  const verdicts = providers.map((provider) => {
    const path = join("generated", provider, "openapi.json");
    const baseDoc = readJson(showAt(base, path), `${base}:${path}`);
    const headDoc = existsSync(path) ? readJson(readFileSync(path, "utf8"), path) : undefined;
    return judge({ provider, base: baseDoc, head: headDoc }, release);
  });
  for (const verdict of verdicts) report(verdict, all);

  const blocked = verdicts.filter((v) => v.status === "breaking-unreleased" || v.status === "removed");
  if (blocked.length > 0) {
    console.error(`breaking change without a major release in: ${blocked.map((v) => v.provider).join(", ")} (see VERSIONING in CHANGELOG.md)`);
    return 1;
  }
  console.log("diff done: no unreleased breaking change");
  return 0;
}

runMain(main);
