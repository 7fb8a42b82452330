/**
 * The published specs load in the tools other teams point at them: every bundled spec as JSON
 * (generated/<provider>/openapi.json, copied to dist/openapi/) and as the YAML `npm run build` writes,
 * through swagger-parser, openapi-typescript, Prism, the Redocly CLI (lint, bundle) and the Redoc
 * renderer (Redocly build-docs). Any error or warning fails, and each tool must read the YAML as the
 * same document as the JSON: YAML parsers disagree (a YAML 1.1 parser reads an unquoted
 * 2026-01-01T00:00:00Z as a timestamp), and consumers use them all.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { stripVTControlCharacters } from "node:util";
import SwaggerParser from "@apidevtools/swagger-parser";
import { parse as parseYaml } from "yaml";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startPrism } from "../contract-tests/runner/prism.js";
import { CONTRACT_PROVIDERS } from "../contract-tests/runner/providers.js";
import { mockTarget, runSuite } from "../contract-tests/runner/suite.js";
import { specProviders } from "./lib/package-layout.js";
import { specYaml } from "./lib/spec-yaml.js";

const require = createRequire(import.meta.url);
const REDOCLY = join(require.resolve("@redocly/cli/package.json"), "..", "bin", "cli.js");
const TOOL_TIMEOUT_MS = 180_000;

const dir = mkdtempSync(join(tmpdir(), "published-specs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PublishedSpec {
  provider: string;
  format: "json" | "yaml";
  path: string;
  /** The document as JSON.parse reads the JSON file: what every tool must see. */
  expected: Record<string, unknown>;
}

// The files as dist/openapi/ holds them: <provider>.json is a copy of the bundle, <provider>.yaml is written by specYaml.
const specs: PublishedSpec[] = specProviders().flatMap((provider) => {
  const jsonPath = join(dir, `${provider}.json`);
  copyFileSync(join("generated", provider, "openapi.json"), jsonPath);
  const expected = JSON.parse(readFileSync(jsonPath, "utf8")) as Record<string, unknown>;
  const yamlPath = join(dir, `${provider}.yaml`);
  writeFileSync(yamlPath, specYaml(expected));
  return [
    { provider, format: "json" as const, path: jsonPath, expected },
    { provider, format: "yaml" as const, path: yamlPath, expected },
  ];
});
const label = (spec: PublishedSpec) => `${spec.provider}.${spec.format}`;

/** Runs the Redocly CLI; resolves with its exit code and output (never rejects on a non-zero exit). */
function redocly(args: string[], cwd = dir): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [REDOCLY, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, output: `${stdout}${stderr}` }));
  });
}

// Redocly prints a boxed notice about the Node version it runs on; it says nothing about the spec.
function withoutNodeNotice(output: string): string[] {
  const lines = stripVTControlCharacters(output).split("\n").map((line) => line.trim());
  return lines.filter((line) => line !== "" && !/^[║╔╚]/.test(line));
}

/** The lines of a tool's output that are not on the list of its progress messages. */
function unexpectedLines(output: string, progress: readonly RegExp[]): string[] {
  return withoutNodeNotice(output).filter((line) => !progress.some((pattern) => pattern.test(line)));
}

/** The files `npm pack` would put in the package, relative to its root. */
function npmPackFiles(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      if (code !== 0) return reject(new Error(`npm pack --dry-run exited with ${code}: ${stderr}`));
      resolve((JSON.parse(stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    });
  });
}

/** Every complete JSON value in a stream of concatenated ones (`redocly lint --format=json` prints one per file). */
function concatenatedJson(text: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{") {
      if (depth++ === 0) start = i;
    } else if (char === "}" && --depth === 0) values.push(JSON.parse(text.slice(start, i + 1)));
  }
  return values;
}

describe("the published specs in other teams' tools", () => {
  let warnings: unknown[][];
  beforeEach(() => {
    warnings = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args));
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void warnings.push(args));
  });
  afterEach(() => vi.restoreAllMocks());

  it("every file a spec's description cites ships in the package, with the section it names", async () => {
    const packed = await npmPackFiles();
    const cited = specs
      .filter((s) => s.format === "json")
      .flatMap((spec) => {
        const description = String((spec.expected.info as { description?: string }).description ?? "");
        return [...description.matchAll(/`([\w.-]+\.md)`(?:[^.]*?section "([^"]+)")?/g)].map((m) => ({ spec: label(spec), file: m[1]!, section: m[2] }));
      });
    expect(cited.map((c) => c.spec)).toEqual(specs.filter((s) => s.format === "json").map(label));
    for (const { spec, file, section } of cited) {
      expect(packed, `${spec} cites ${file}`).toContain(file);
      if (section) expect(readFileSync(file, "utf8").split("\n"), `${spec} cites ${file}, section "${section}"`).toContain(`## ${section}`);
    }
  });

  it("a YAML 1.1 parser and a YAML 1.2 parser read every YAML spec as its JSON", () => {
    for (const spec of specs.filter((s) => s.format === "yaml")) {
      const text = readFileSync(spec.path, "utf8");
      for (const version of ["1.1", "1.2"] as const) {
        expect({ spec: label(spec), version, parsed: parseYaml(text, { version }) }).toEqual({ spec: label(spec), version, parsed: spec.expected });
      }
    }
  });

  it("swagger-parser validates every spec, JSON and YAML, and reads the YAML as the JSON", async () => {
    for (const spec of specs) {
      const parsed = await SwaggerParser.parse(spec.path);
      expect({ spec: label(spec), parsed }).toEqual({ spec: label(spec), parsed: spec.expected });
      await expect(SwaggerParser.validate(spec.path), label(spec)).resolves.toBeTruthy();
    }
    expect(warnings).toEqual([]);
  }, TOOL_TIMEOUT_MS);

  it("openapi-typescript generates the same types from the JSON and the YAML, with no warning", async () => {
    const { default: openapiTS, astToString } = await import("openapi-typescript");
    for (const provider of specProviders()) {
      const [json, yaml] = specs.filter((s) => s.provider === provider);
      const fromJson = astToString(await openapiTS(pathToFileURL(json!.path)));
      const fromYaml = astToString(await openapiTS(pathToFileURL(yaml!.path)));
      expect(fromJson).toContain("export interface paths");
      expect({ provider, types: fromYaml }).toEqual({ provider, types: fromJson });
    }
    expect(warnings).toEqual([]);
  }, TOOL_TIMEOUT_MS);

  it("Prism reads the same operations from the JSON and the YAML, and the YAML served passes the contract cases", async () => {
    for (const provider of CONTRACT_PROVIDERS) {
      const [json, yaml] = specs.filter((s) => s.provider === provider.definition.name);
      const fromJson = await getHttpOperationsFromSpec(json!.path);
      const fromYaml = await getHttpOperationsFromSpec(yaml!.path);
      const paths = json!.expected.paths as Record<string, Record<string, unknown>>;
      const documented = Object.values(paths).flatMap((item) => Object.keys(item).filter((key) => key !== "parameters"));
      expect(fromJson).toHaveLength(documented.length);
      expect({ spec: label(yaml!), operations: fromYaml }).toEqual({ spec: label(yaml!), operations: fromJson });
      const server = await startPrism(yaml!.path);
      try {
        const failed = (await runSuite(provider, mockTarget(provider, server.url))).filter((r) => r.failures.length > 0);
        expect(failed.map((r) => ({ case: r.case.name, failures: r.failures }))).toEqual([]);
      } finally {
        await server.stop();
      }
    }
    expect(warnings).toEqual([]);
  }, TOOL_TIMEOUT_MS);

  it("Redocly lint, with its recommended rules, reports no error and no warning for any spec", async () => {
    // Run where no redocly.yaml is found: a consuming team's default configuration.
    const { code, stdout, output } = await redocly(["lint", ...specs.map((s) => s.path), "--format=json"]);
    const reports = concatenatedJson(stdout) as { totals: { errors: number; warnings: number }; problems: unknown[] }[];
    expect(reports, output).toHaveLength(specs.length);
    expect(reports.flatMap((r) => r.problems)).toEqual([]);
    expect(reports.map((r) => r.totals)).toEqual(specs.map(() => ({ errors: 0, warnings: 0, ignored: 0 })));
    expect(code, output).toBe(0);
  }, TOOL_TIMEOUT_MS);

  it("Redocly bundle reads every spec back as itself, with no warning", async () => {
    for (const format of ["json", "yaml"] as const) {
      const chosen = specs.filter((s) => s.format === format);
      const out = join(dir, `bundled-${format}`);
      const { code, output } = await redocly(["bundle", ...chosen.map((s) => s.path), "--output", out, "--ext", "json"]);
      expect(code, output).toBe(0);
      expect(unexpectedLines(output, [/^bundling .+\.\.\.$/, /^📦 Created a bundle for \S+ at \S+ .+$/])).toEqual([]);
      for (const spec of chosen) {
        const bundled: unknown = JSON.parse(readFileSync(join(out, `${spec.provider}.json`), "utf8"));
        expect({ spec: label(spec), bundled }).toEqual({ spec: label(spec), bundled: spec.expected });
      }
    }
  }, TOOL_TIMEOUT_MS);

  it("the Redoc renderer (Redocly build-docs) bundles every spec into a page with every operation, with no warning", async () => {
    for (const spec of specs.filter((s) => s.format === "yaml")) {
      const page = join(dir, `${spec.provider}.html`);
      const { code, output } = await redocly(["build-docs", spec.path, "--output", page]);
      expect(code, output).toBe(0);
      expect(unexpectedLines(output, [/^Prerendering docs$/, /^🎉 bundled successfully in: \S+ .+$/])).toEqual([]);
      const html = readFileSync(page, "utf8");
      const operationIds = Object.values(spec.expected.paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
        Object.values(item).flatMap((op) => (op && typeof op === "object" && op.operationId ? [op.operationId] : [])),
      );
      for (const id of operationIds) expect(html, `${label(spec)}: ${id}`).toContain(id);
    }
  }, TOOL_TIMEOUT_MS);
});
