/**
 * Section 5: min+gzip size of each provider entry against the official SDKs, all bundled the same way:
 * esbuild, everything imported included, platform browser, format esm, minified, then gzip level 9.
 */
import { builtinModules } from "node:module";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import type { Row, Section } from "./lib/report.js";
import { summarize } from "./lib/stats.js";

/** The limit of the goal. */
export const SIZE_LIMIT_BYTES = 8 * 1024;

const PROVIDERS = ["browser-use", "browserbase", "thinkrun", "everruns"];
const OFFICIAL_SDKS = ["browser-use-sdk", "browser-use-sdk/v3", "@browserbasehq/sdk"];

interface Bundle {
  minBytes: number;
  gzipBytes: number;
  /** Inputs by bytes in the minified output, largest first, grouped by package. */
  contributors: [string, number][];
}

function contributors(metafile: Metafile): [string, number][] {
  const output = Object.values(metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.replace(/^(src\/[^/]+|generated\/[^/]+).*/, "$1");
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
  }
  return [...byPackage].sort((a, b) => b[1] - a[1]);
}

// Node's built-ins, bare and `node:`-prefixed: left out of an official SDK's bundle when it needs them.
const NODE_BUILTINS = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

async function bundle(entry: { file: string } | { module: string }, external: string[] = []): Promise<Bundle> {
  const result = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: `export * from "${entry.module}";`, resolveDir: process.cwd(), loader: "js" as const } }),
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    external,
  });
  const code = result.outputFiles[0]!.contents;
  return { minBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length, contributors: contributors(result.metafile) };
}

/** An official SDK for the browser; one that imports a Node built-in is measured with the built-ins left out, and says so. */
async function bundleSdk(module: string): Promise<Bundle & { nodeOnly: boolean }> {
  try {
    return { ...(await bundle({ module })), nodeOnly: false };
  } catch {
    return { ...(await bundle({ module }, NODE_BUILTINS)), nodeOnly: true };
  }
}

const kB = (bytes: number) => bytes / 1024;
const one = (value: number, unit: string) => summarize([value], unit);

/** Runs the section (sizes are deterministic: one build each). */
export async function benchSize(): Promise<Section> {
  const ours = new Map<string, Bundle>();
  for (const provider of PROVIDERS) ours.set(provider, await bundle({ file: `src/${provider}/index.ts` }));
  // Optional helpers with their own subpath entry, reported beside the entries (not held to the limit).
  const subpaths = new Map<string, Bundle>([["browser-use/money", await bundle({ file: "src/browser-use/money.ts" })]]);
  const sdks = new Map<string, Bundle & { nodeOnly: boolean }>();
  for (const sdk of OFFICIAL_SDKS) sdks.set(sdk, await bundleSdk(sdk));
  const smallestSdk = Math.min(...[...sdks.values()].map((b) => b.gzipBytes));
  const rows: Row[] = [];
  for (const [name, b] of [...ours, ...subpaths, ...sdks]) {
    const label = ours.has(name) ? `src/${name}/index.ts` : subpaths.has(name) ? `${name} (optional subpath entry)` : name;
    const nodeOnly = "nodeOnly" in b && b.nodeOnly ? "; imports Node built-ins, so not bundleable for the browser: measured with them left out" : "";
    rows.push({ label: `${label}, min+gzip`, figure: one(kB(b.gzipBytes), "kB"), note: `${kB(b.minBytes).toFixed(1)} kB minified${nodeOnly}` });
  }
  const over = [...ours].filter(([, b]) => b.gzipBytes > SIZE_LIMIT_BYTES);
  const notes = [...ours].map(
    ([name, b]) => `${name}: ${b.contributors.slice(0, 5).map(([pkg, bytes]) => `${pkg} ${kB(bytes).toFixed(1)} kB`).join(", ")} (minified bytes by input)`,
  );
  if (over.length > 0) {
    notes.push(
      "An entry over the limit carries a runtime dependency its main feature needs: everruns bundles eventsource-parser for `client.streamEvents` " +
        "(issue 5 puts the stream on the client). Browser Use's exact money reading (decimal.js) is already a subpath entry, `browser-use/money`, for that reason.",
    );
  }
  return {
    id: "size",
    title: "5. Bundle size",
    method: "esbuild bundle of the entry with everything it imports, platform browser (a Node built-in fails the build), format esm, minify; gzip level 9. One build each: sizes do not vary between runs.",
    rows,
    goals: [
      {
        goal: "each provider entry under 8 kB min+gzip",
        met: over.length === 0,
        detail: over.length === 0 ? "all under 8 kB" : `over: ${over.map(([n, b]) => `${n} ${kB(b.gzipBytes).toFixed(1)} kB`).join(", ")}; see the notes`,
      },
      {
        goal: "each provider entry smaller than every official SDK",
        met: [...ours.values()].every((b) => b.gzipBytes < smallestSdk),
        detail: `largest ours ${kB(Math.max(...[...ours.values()].map((b) => b.gzipBytes))).toFixed(1)} kB vs smallest official SDK ${kB(smallestSdk).toFixed(1)} kB`,
      },
    ],
    notes,
    data: Object.fromEntries([...ours, ...sdks]),
  };
}
