/**
 * The package as published: the exports map matches the layout, publint and attw pass on the packed
 * tarball, the tarball holds only what consumers need, and one provider's entry bundles without the others.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build as esbuild, type Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { CORE_ENTRY, DIST_DIR, clientProviders, exportsMap } from "./lib/package-layout.js";
import { build, pack, type PackResult } from "./lib/pack.js";

const PROVIDERS = ["browser-use", "browserbase", "everruns", "thinkrun"];
/** Runtime dependencies each entry may pull in; anything else from node_modules is a leak. */
const ALLOWED_DEPENDENCIES: Record<string, string[]> = {
  "browser-use": ["openapi-fetch", "decimal.js"],
  browserbase: ["openapi-fetch"],
  everruns: ["openapi-fetch", "eventsource-parser"],
  thinkrun: ["openapi-fetch"],
};

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { exports: unknown; dependencies: Record<string, string>; sideEffects: unknown };
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
    const unwanted = files.filter((f) => /(^src\/|^scripts\/|^contract-tests\/|^openapi\/|\.test\.|\.test-d\.|\/testing\/|^dist\/docs\/|openapi\.json$)/.test(f));
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
