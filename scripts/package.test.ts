/**
 * The package as published: the exports map matches the layout, publint and attw pass on the packed
 * tarball, the tarball holds only what consumers need, one provider's entry bundles without the others,
 * the installed tarball imports from plain Node ESM, typechecks for a strict TypeScript consumer and its
 * client calls a mock, and a consuming team runs the contract checks from the installed tarball (bin and
 * API) against a stand-in API on 127.0.0.1. One file, so the package is built, packed and installed once
 * (a second concurrent build would clean dist/ under the first); `npm run smoke` is the same consumer
 * check (scripts/lib/consumer.ts) as a script, and CI runs this file instead of it.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build as esbuild, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrism, type MockServer } from "../contract-tests/runner/prism.js";
import { childEnv, type Result } from "../cli/testing/command-runs.js";
import { CONSUMER_TSCONFIG, callConsumer, consumerInstallArgs, esmConsumer, tsConsumer } from "./lib/consumer.js";
import { CORE_ENTRY, DIST_DIR, TOOLS_DIR, clientProviders, exportsMap } from "./lib/package-layout.js";
import { build, pack, type PackResult } from "./lib/pack.js";
import { BIN_ENTRY } from "./lib/tools-build.js";

const PROVIDERS = ["browser-use", "browserbase", "everruns", "thinkrun"];
/** Runtime dependencies each entry may pull in; anything else from node_modules is a leak. */
const ALLOWED_DEPENDENCIES: Record<string, string[]> = {
  "browser-use": ["openapi-fetch", "decimal.js"],
  browserbase: ["openapi-fetch"],
  everruns: ["openapi-fetch"],
  thinkrun: ["openapi-fetch"],
};

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as {
  name: string;
  exports: unknown;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
  sideEffects: unknown;
};
const tmp = mkdtempSync(join(tmpdir(), "package-test-"));
let packed: PackResult;

beforeAll(() => {
  build();
  packed = pack(tmp);
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(bin: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(join("node_modules", ".bin", bin), args, { encoding: "utf8" });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/**
 * Bundles a consumer module with esbuild for the browser (deps included, minified, no Node built-in
 * resolvable): the inputs that made it into the output, and its size.
 */
async function bundle(source: string): Promise<{ inputs: string[]; bytes: number; gzipBytes: number }> {
  const result = await esbuild({
    stdin: { contents: source, resolveDir: process.cwd(), loader: "js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  // metafile.inputs lists every file parsed, tree-shaken or not; the output's inputs say what was kept.
  const [output] = Object.values((result.metafile as Metafile).outputs);
  const kept = Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
  return { inputs: kept, bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
}

function packageOf(input: string): string | undefined {
  return /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1];
}

describe("package metadata", () => {
  test("every provider has a client entry, and exports lists exactly the built entries and specs", () => {
    expect(clientProviders()).toEqual(PROVIDERS);
    expect(pkg.exports).toEqual(exportsMap(PROVIDERS));
    expect(pkg.sideEffects).toBe(false);
  });

  test("publint finds nothing, warnings included", () => {
    const { status, output } = run("publint", ["run", packed.tarball, "--strict"]);
    expect(status, output).toBe(0);
  });

  test("attw: every entry's types resolve for ESM consumers (node16 and bundler)", () => {
    // The YAML specs are files to read, not modules to import: attw cannot type them, by design.
    const yaml = PROVIDERS.map((p) => `./openapi/${p}.yaml`);
    const { status, output } = run("attw", [packed.tarball, "--profile", "esm-only", "--format", "table-flipped", "--exclude-entrypoints", ...yaml]);
    expect(status, output).toBe(0);
  });

  test("the tarball holds the built entries, the specs and the generated types, and no sources, tests or docs", () => {
    const { files } = packed;
    for (const name of [...PROVIDERS, CORE_ENTRY]) {
      expect(files).toContain(`${DIST_DIR}/${name}/index.js`);
      expect(files).toContain(`${DIST_DIR}/${name}/index.d.ts`);
    }
    for (const name of PROVIDERS) {
      expect(files).toEqual(expect.arrayContaining([`${DIST_DIR}/openapi/${name}.json`, `${DIST_DIR}/openapi/${name}.yaml`, `generated/${name}/schema.d.ts`, `generated/${name}/operations.js`, `generated/${name}/operations.d.ts`]));
    }
    // The provenance notes and the marker vocabulary the specs cite ship with them.
    expect(files).toEqual(expect.arrayContaining(["PROVENANCE.md", "openapi/EXTENSIONS.md", "LICENSE"]));
    expect(files).toEqual(expect.arrayContaining([BIN_ENTRY, `${TOOLS_DIR}/cli/api.js`, `${TOOLS_DIR}/cli/api.d.ts`, `${TOOLS_DIR}/contract-tests/drift/report.schema.json`]));
    const unwanted = files.filter((f) => /(^src\/|^scripts\/|^contract-tests\/|^cli\/|^openapi\/(?!EXTENSIONS\.md$)|\.test\.|\.test-d\.|\/testing\/|test-support|global-setup|vitest-suite|^dist\/docs\/|openapi\.json$)/.test(f));
    expect(unwanted).toEqual([]);
    console.log(`tarball: ${packed.files.length} files, ${packed.size} B packed, ${packed.unpackedSize} B unpacked`);
  });
});

describe("tree-shaking (sideEffects: false)", () => {
  test.each(PROVIDERS)("%s: its whole entry bundles for the browser without another provider, any toolchain package or a Node built-in", async (provider) => {
    const { inputs, bytes, gzipBytes } = await bundle(`export * from "./${DIST_DIR}/${provider}/index.js";`);
    const others = PROVIDERS.filter((p) => p !== provider);
    expect(inputs.filter((input) => others.some((other) => input.startsWith(`${DIST_DIR}/${other}/`)))).toEqual([]);
    const packages = [...new Set(inputs.flatMap((input) => packageOf(input) ?? []))].sort();
    expect(packages.every((name) => ALLOWED_DEPENDENCIES[provider]!.includes(name)), packages.join(", ")).toBe(true);
    expect(packages.every((name) => name in pkg.dependencies)).toBe(true);
    console.log(`${provider}: ${bytes} B minified, ${gzipBytes} B gzip (with ${packages.join(", ")})`);
  });

  test("importing one error class from the core leaves out the HTTP client", async () => {
    const { inputs, bytes } = await bundle(`import { NotFoundError } from "./${DIST_DIR}/${CORE_ENTRY}/index.js"; console.log(new NotFoundError("x", { provider: "p", operation: "o" }));`);
    expect(inputs.filter((input) => packageOf(input) === "openapi-fetch" || input.endsWith("create-client.js"))).toEqual([]);
    console.log(`core NotFoundError only: ${bytes} B minified`);
  });
});

/** A distinctive fake key: it must never appear in an output or a report. */
const CONSUMER_KEY = "bu-FAKE-consumer-ci-key-9d41b7";
/** Installing the tarball and two live runs on a loaded machine: generous, never a timing assertion. */
const CONSUMER_TIMEOUT_MS = 240_000;

/** Runs a command in the consumer project with only the env a CI job would give it (no keys, contract or npm vars). */
function runIn(cwd: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function textOf(dir: string): string {
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), "utf8")).join("\n");
}

describe("a consuming team's CI, from the installed tarball", () => {
  let project: string;
  let standIn: MockServer;
  beforeAll(async () => {
    project = join(tmp, "consumer");
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer-ci", private: true, type: "module" }, null, 2));
    // No Prism: it is an optional peer, needed only to start mocks.
    const install = await runIn(project, "npm", consumerInstallArgs(packed.tarball, pkg.devDependencies["@types/node"]!));
    expect(install.code, install.stdout + install.stderr).toBe(0);
    // The stand-in API: Prism on 127.0.0.1 serving the bundled spec with one planted drift, a field the
    // spec does not document in every listed session.
    const spec = JSON.parse(readFileSync("generated/browser-use/openapi.json", "utf8"));
    for (const session of spec.components.examples.SessionListPage.value.sessions) session.region = "eu-west-1";
    const standInSpec = join(tmp, "stand-in-browser-use.json");
    writeFileSync(standInSpec, JSON.stringify(spec));
    standIn = await startPrism(standInSpec);
  }, CONSUMER_TIMEOUT_MS);
  afterAll(() => standIn?.stop());

  test("plain Node ESM imports every entry and both forms of every spec from the installed package", async () => {
    writeFileSync(join(project, "esm.mjs"), esmConsumer(pkg.name, PROVIDERS));
    const result = await runIn(project, process.execPath, ["esm.mjs"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`imported ${PROVIDERS.length + 2} entries and ${PROVIDERS.length * 2} specs`);
  }, CONSUMER_TIMEOUT_MS);

  test("TypeScript (strict, NodeNext) typechecks a consumer of every entry and of runContract; a wrong option, path or target is a type error", { timeout: CONSUMER_TIMEOUT_MS }, async () => {
    // One tsc run for both files: starting tsc is most of the cost. Each file's @ts-expect-error lines
    // fail the check (TS2578) if what they mark were accepted.
    writeFileSync(join(project, "consumer.ts"), tsConsumer(pkg.name, PROVIDERS));
    writeFileSync(
      join(project, "ci.ts"),
      `import { runContract, type ContractReport, type Finding } from "${pkg.name}/contract";
export async function breaking(): Promise<Finding[]> {
  const report: ContractReport = await runContract({ target: "live", providers: ["browser-use"], maxCreates: 0 });
  if (report.mode === "mock") return [];
  return report.findings.filter((f) => f.severity === "breaking");
}
// @ts-expect-error target is "mock" or "live"
void runContract({ target: "staging" });
`,
    );
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ ...CONSUMER_TSCONFIG, files: ["consumer.ts", "ci.ts"] }));
    const tsc = await runIn(project, process.execPath, [join(process.cwd(), "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"]);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
  });

  test("the installed Browser Use client gets a session from a mock, and its 404 is the core NotFoundError", async () => {
    writeFileSync(join(project, "call.mjs"), callConsumer(pkg.name));
    const result = await runIn(project, process.execPath, ["call.mjs", standIn.url]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^getSession -> \w+; 404 -> NotFoundError$/);
  }, CONSUMER_TIMEOUT_MS);

  test("npx browser-agent-apis contract --target live: --base-url wins over the env var, the report names the planted drift, no key anywhere", async () => {
    const result = await runIn(
      project,
      "npx",
      ["--no", "browser-agent-apis", "contract", "--target", "live", "--provider", "browser-use", "--base-url", `browser-use=${standIn.url}`, "--out", "reports/drift"],
      // A dead port in the env var: the run reaches the stand-in only if the flag wins.
      { BROWSER_USE_API_KEY: CONSUMER_KEY, BROWSER_USE_BASE_URL: "http://127.0.0.1:9" },
    );
    const reportDir = join(project, "reports", "drift");
    const report = JSON.parse(readFileSync(join(reportDir, "report.json"), "utf8"));
    expect(result.code, result.stdout + result.stderr).toBe(report.passed ? 0 : 1);
    expect(report).toMatchObject({ mode: "live", providers: [{ name: "browser-use", status: "ran", baseUrl: standIn.url }] });
    expect(report.findings.filter((f: { kind: string; pointer: string }) => f.kind === "undocumented-property" && f.pointer.endsWith("/region"))).toHaveLength(1);
    // A relative --out resolves against the directory the command ran in, and the summary prints where it wrote.
    expect(result.stdout).toContain(`report  ${join(reportDir, "report.json")}`);
    expect(`${result.stdout}${result.stderr}${textOf(reportDir)}`).not.toContain(CONSUMER_KEY);
  }, CONSUMER_TIMEOUT_MS);

  test("runContract from browser-agent-apis/contract returns the same report object", async () => {
    writeFileSync(
      join(project, "ci.mjs"),
      `import { exitCodeFor, runContract } from "${pkg.name}/contract";
const report = await runContract({ target: "live", providers: ["browser-use"], baseUrls: { "browser-use": process.argv[2] }, outDir: "reports/api" });
const region = report.findings.filter((f) => f.pointer.endsWith("/region")).map((f) => f.kind);
console.log(JSON.stringify({ mode: report.mode, passed: report.passed, exit: exitCodeFor(report), baseUrl: report.providers[0].baseUrl, region }));
`,
    );
    const result = await runIn(project, process.execPath, ["ci.mjs", standIn.url], { BROWSER_USE_API_KEY: CONSUMER_KEY });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(summary).toMatchObject({ mode: "live", baseUrl: standIn.url, region: ["undocumented-property"] });
    expect(summary.exit).toBe(summary.passed ? 0 : 1);
    expect(JSON.parse(readFileSync(join(project, "reports", "api", "report.json"), "utf8")).mode).toBe("live");
  }, CONSUMER_TIMEOUT_MS);

  test("a mock run without Prism installed is one line naming the optional peer to install, exit 2", async () => {
    const result = await runIn(project, "npx", ["--no", "browser-agent-apis", "contract", "--provider", "browser-use"]);
    expect(result.code, result.stdout + result.stderr).toBe(2);
    const peer = Object.keys(pkg.peerDependencies)[0]!;
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      `contract: starting mocks needs the optional peer dependency ${peer}: npm install --save-dev ${peer}@${pkg.peerDependencies[peer]} (or give --base-url NAME=URL of a mock you run yourself)`,
    ]);
  }, CONSUMER_TIMEOUT_MS);

  test("a mock run against a mock the team runs needs no Prism", async () => {
    const result = await runIn(project, "npx", ["--no", "browser-agent-apis", "contract", "--provider", "browser-use", "--base-url", `browser-use=${standIn.url}`]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toContain("Prism server(s) started");
    expect(result.stdout).toMatch(/^contract: [1-9]\d* passed, 0 failed$/m);
  }, CONSUMER_TIMEOUT_MS);
});
