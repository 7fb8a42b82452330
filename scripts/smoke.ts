/**
 * `npm run smoke`: the consumer's view. Builds and packs the package, installs the tarball into a temporary
 * project, imports every entry and spec from plain Node ESM, typechecks a TypeScript file that uses every
 * entry (with this repo's typescript), and calls the Browser Use client against a Prism mock on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPrism, type MockServer } from "../contract-tests/runner/prism.js";
import { clientProviders } from "./lib/package-layout.js";
import { build, pack } from "./lib/pack.js";
import { formatBytes, runMain, timed } from "./lib/steps.js";

const require = createRequire(import.meta.url);
const TSC = require.resolve("typescript/bin/tsc");
const SESSION_ID = "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10";

/** The factory each provider entry exports. */
const FACTORIES: Record<string, string> = {
  "browser-use": "createBrowserUseClient",
  browserbase: "createBrowserbaseClient",
  everruns: "createEverrunsClient",
  thinkrun: "createThinkRunClient",
};

function sh(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

function esmConsumer(name: string, providers: readonly string[]): string {
  const imports = providers.map((p) => `import * as ${camel(p)} from "${name}/${p}";`).join("\n");
  const checks = providers.map((p) => `check("${p}", typeof ${camel(p)}.${FACTORIES[p]} === "function");`).join("\n");
  const specs = providers
    .map((p) => `check("openapi/${p}.json", (await import("${name}/openapi/${p}.json", { with: { type: "json" } })).default.openapi === "3.1.0");
check("openapi/${p}.yaml", (await readFile(new URL(import.meta.resolve("${name}/openapi/${p}.yaml")), "utf8")).startsWith("openapi: 3.1.0"));`)
    .join("\n");
  return `import { readFile } from "node:fs/promises";
import * as core from "${name}/core";
import * as money from "${name}/browser-use/money";
${imports}
const check = (what, ok) => { if (!ok) throw new Error("consumer check failed: " + what); };
check("core", typeof core.NotFoundError === "function" && core.DEFAULT_TIMEOUT_MS > 0);
check("browser-use/money", money.toDecimal("0.1").plus(money.toDecimal("0.2")).toString() === "0.3");
${checks}
${specs}
console.log("imported ${providers.length + 2} entries and ${providers.length * 2} specs");
`;
}

function tsConsumer(name: string, providers: readonly string[]): string {
  const lines = providers.map((p) => `import { ${FACTORIES[p]} } from "${name}/${p}";`);
  return `import { NotFoundError, type ClientOptions } from "${name}/core";
import type { components, Session } from "${name}/browser-use";
import { sessionCosts } from "${name}/browser-use/money";
${lines.join("\n")}

const options: ClientOptions = { apiKey: "key", baseUrl: "http://127.0.0.1:1", maxRetries: 0 };
${providers.map((p) => `void ${FACTORIES[p]}(options);`).join("\n")}

export async function lookup(id: string): Promise<Session["status"] | undefined> {
  try {
    const session: components["schemas"]["SessionResponse"] = await createBrowserUseClient(options).sessions.get(id);
    if (sessionCosts(session).total.greaterThan(1)) console.log("expensive");
    return session.status;
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
}

// The types are real, not any: a wrong option type and an unknown path are errors.
// @ts-expect-error apiKey is a string
createBrowserUseClient({ apiKey: 42 });
// @ts-expect-error no such path in the Browser Use spec
void createBrowserUseClient(options).GET("/no-such-path");
`;
}

function callConsumer(name: string): string {
  return `import { createBrowserUseClient } from "${name}/browser-use";
import { NotFoundError } from "${name}/core";
const [baseUrl] = process.argv.slice(2);
const client = createBrowserUseClient({ apiKey: "smoke-test-key", baseUrl, maxRetries: 0 });
const session = await client.sessions.get("${SESSION_ID}");
if (typeof session.id !== "string" || typeof session.status !== "string") throw new Error("unexpected session: " + JSON.stringify(session));
const missing = createBrowserUseClient({ apiKey: "smoke-test-key", baseUrl, maxRetries: 0, headers: { Prefer: "code=404" } });
const error = await missing.sessions.get("${SESSION_ID}").then(() => undefined, (e) => e);
if (!(error instanceof NotFoundError)) throw new Error("expected the core NotFoundError, got " + error);
console.log("getSession -> " + session.status + "; 404 -> " + error.name);
`;
}

function camel(name: string): string {
  return name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

async function main(): Promise<number> {
  const pkg = JSON.parse(await readFile("package.json", "utf8")) as { name: string; devDependencies: Record<string, string> };
  const providers = clientProviders();
  const work = await mkdtemp(join(tmpdir(), "smoke-"));
  let mock: MockServer | undefined;
  try {
    await timed("build", build);
    const packed = await timed("pack", () => pack(work));
    console.log(`      ${packed.tarball}: ${formatBytes(packed.size)} packed, ${formatBytes(packed.unpackedSize)} unpacked, ${packed.files.length} files`);
    const project = join(work, "consumer");
    await timed("install the tarball into a new project", async () => {
      await mkdir(project, { recursive: true });
      await writeFile(join(project, "package.json"), JSON.stringify({ name: "smoke-consumer", private: true, type: "module" }, null, 2));
      // @types/node because the error classes declare [inspect.custom] (node:util).
      sh("npm", ["install", packed.tarball, `@types/node@${pkg.devDependencies["@types/node"]}`, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);
    });
    await timed("plain Node ESM imports every entry and spec", async () => {
      await writeFile(join(project, "esm.mjs"), esmConsumer(pkg.name, providers));
      console.log(`      ${sh(process.execPath, ["esm.mjs"], project).trim()}`);
    });
    await timed("TypeScript (NodeNext, strict) typechecks a file using every entry", async () => {
      await writeFile(join(project, "consumer.ts"), tsConsumer(pkg.name, providers));
      const tsconfig = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], lib: ["ES2023", "DOM"] }, files: ["consumer.ts"] };
      await writeFile(join(project, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
      sh(process.execPath, [TSC, "-p", "tsconfig.json"], project);
    });
    mock = await timed("start Prism on generated/browser-use/openapi.json", () => startPrism("generated/browser-use/openapi.json"));
    await timed(`the installed client calls the mock (${mock.url})`, async () => {
      await writeFile(join(project, "call.mjs"), callConsumer(pkg.name));
      console.log(`      ${sh(process.execPath, ["call.mjs", mock!.url], project).trim()}`);
    });
  } finally {
    await mock?.stop();
    await rm(work, { recursive: true, force: true });
  }
  console.log("smoke done");
  return 0;
}

runMain(main);
