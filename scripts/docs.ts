/**
 * `npm run docs`: one self-contained HTML API reference per provider (Redocly `build-docs --inlineBundle`,
 * no CDN) and an index page linking them, into dist/docs/. Fails when a page still loads anything from
 * another host.
 */
import { spawn } from "node:child_process";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { DOCS_DIR, specProviders } from "./lib/package-layout.js";
import { externalReferences } from "./lib/self-contained.js";
import { formatBytes, runScript, timed } from "./lib/steps.js";

const require = createRequire(import.meta.url);
const REDOCLY = join(require.resolve("@redocly/cli/package.json"), "..", "bin", "cli.js");

/** What the index page shows of each spec. */
interface SpecInfo {
  provider: string;
  title: string;
  version: string;
  summary: string;
  operations: number;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`))));
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// Redoc 3.0 shows its attribution logo as an <img> from its CDN, whatever the options: the one request
// an --inlineBundle page still makes. The same attribution is inlined as a data: URI instead.
const ATTRIBUTION_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044D4">Redocly</text></svg>`;
const INLINED_ASSETS: Record<string, string> = {
  "https://cdn.redoc.ly/redoc/logo-mini-full.svg": `data:image/svg+xml,${encodeURIComponent(ATTRIBUTION_SVG)}`,
  "https://cdn.redoc.ly/redoc/logo-mini.svg": `data:image/svg+xml,${encodeURIComponent(ATTRIBUTION_SVG)}`,
};

/** Replaces the CDN assets Redoc loads at run time by inline data: URIs. */
async function inlineAssets(path: string): Promise<void> {
  let html = await readFile(path, "utf8");
  for (const [url, inline] of Object.entries(INLINED_ASSETS)) html = html.replaceAll(url, inline);
  await writeFile(path, html);
}

const HTTP_METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

async function specInfo(provider: string): Promise<SpecInfo> {
  const doc = JSON.parse(await readFile(join("generated", provider, "openapi.json"), "utf8")) as {
    info: { title: string; version: string; summary?: string };
    paths?: Record<string, Record<string, unknown>>;
  };
  const operations = Object.values(doc.paths ?? {}).flatMap((item) => Object.keys(item).filter((key) => HTTP_METHODS.has(key))).length;
  return { provider, title: doc.info.title, version: doc.info.version, summary: doc.info.summary ?? "", operations };
}

/** The index page: a plain list of the references, no script, no external style. */
function indexPage(specs: readonly SpecInfo[], packageName: string, packageVersion: string): string {
  const items = specs
    .map(
      (s) => `    <li>
      <a href="./${escapeHtml(s.provider)}.html">${escapeHtml(s.title)}</a> <span class="meta">spec ${escapeHtml(s.version)}, ${s.operations} operations</span>
      <p>${escapeHtml(s.summary)}</p>
    </li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(packageName)} ${escapeHtml(packageVersion)}: API reference</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1f2328; }
    li { margin-bottom: 1rem; }
    .meta { color: #59636e; font-size: 0.9em; }
    p { margin: 0.25rem 0 0; }
  </style>
</head>
<body>
  <h1>API reference</h1>
  <p>${escapeHtml(packageName)} ${escapeHtml(packageVersion)}: one reference per provider, built from the bundled specs the package publishes.</p>
  <ul>
${items}
  </ul>
</body>
</html>
`;
}

async function main(): Promise<number> {
  const providers = specProviders();
  await mkdir(DOCS_DIR, { recursive: true });
  const specs: SpecInfo[] = [];
  for (const provider of providers) {
    const info = await specInfo(provider);
    specs.push(info);
    const output = join(DOCS_DIR, `${provider}.html`);
    await timed(`${provider}: ${output}`, () =>
      run(process.execPath, [REDOCLY, "build-docs", join("generated", provider, "openapi.json"), "--inlineBundle", "--output", output, "--title", `${info.title} ${info.version}: API reference`]).then(() => inlineAssets(output)),
    );
  }
  const pkg = JSON.parse(await readFile("package.json", "utf8")) as { name: string; version: string };
  await timed(`index: ${join(DOCS_DIR, "index.html")}`, () => writeFile(join(DOCS_DIR, "index.html"), indexPage(specs, pkg.name, pkg.version)));

  const external: string[] = [];
  for (const page of ["index", ...providers]) {
    const path = join(DOCS_DIR, `${page}.html`);
    const html = await readFile(path, "utf8");
    external.push(...externalReferences(html).map((ref) => `${path}: ${ref}`));
    console.log(`size  ${path}: ${formatBytes((await stat(path)).size)}`);
  }
  if (external.length > 0) {
    console.error(`pages load from other hosts (not self-contained):\n${external.join("\n")}`);
    return 1;
  }
  console.log("docs done: no page loads anything from another host");
  return 0;
}

runScript({ name: "docs", summary: "Builds a self-contained HTML API reference per provider and an index page into dist/docs/, and fails when a page loads anything from another host.", flags: {}, run: main });
