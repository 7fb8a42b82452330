/**
 * The consumer's view of the package, as source files a new project writes next to the installed tarball:
 * plain Node ESM importing every entry and spec, a strict NodeNext TypeScript file using every entry, and
 * a call of the Browser Use client against a mock. Shared by `npm run smoke` and scripts/package.test.ts.
 */

/** A session id the Browser Use spec's examples answer for. */
const SESSION_ID = "3f0c6a4e-8b1d-4c52-9a37-1e2d5b7c9f10";

/** The factory each provider entry exports. */
export const FACTORIES: Record<string, string> = {
  "browser-use": "createBrowserUseClient",
  browserbase: "createBrowserbaseClient",
  everruns: "createEverrunsClient",
  thinkrun: "createThinkRunClient",
};

/** esm.mjs: imports every entry and spec of package `name` from plain Node ESM; prints what it imported, throws on a failed check. */
export function esmConsumer(name: string, providers: readonly string[]): string {
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

/** consumer.ts: uses every entry with its types; the `@ts-expect-error` lines prove the types are not `any`. */
export function tsConsumer(name: string, providers: readonly string[]): string {
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

/** call.mjs <baseUrl>: the installed Browser Use client gets a session from the mock, and a 404 as the core NotFoundError. */
export function callConsumer(name: string): string {
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

/** The tsconfig.json of the TypeScript consumer (`tsConsumer`, written as consumer.ts): strict NodeNext. */
export const CONSUMER_TSCONFIG = {
  compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"], lib: ["ES2023", "DOM"] },
  files: ["consumer.ts"],
};

/**
 * `npm install` arguments for the consumer project: the tarball, and @types/node at `typesNodeVersion`
 * (this repository's pin) because the error classes declare [inspect.custom] (node:util).
 */
export function consumerInstallArgs(tarball: string, typesNodeVersion: string): string[] {
  return ["install", tarball, `@types/node@${typesNodeVersion}`, "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];
}
