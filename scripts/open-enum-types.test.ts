/**
 * Open response enums as TypeScript sees them. For every `x-open-enum` field of every bundled spec, the
 * generated type is exactly its known values plus `string & {}` (the compiler checks it, so plain `string`
 * fails); and the language service, as an editor asks it, completes the known values of a status field
 * read through a client helper and through the raw openapi-fetch client.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { FACTORIES } from "./lib/consumer.js";
import { clientProviders } from "./lib/package-layout.js";
import { startTypesWorker, typesFor } from "./lib/spec-pipeline.js";

const ROOT = resolve(".");
const providers = clientProviders();

type Json = Record<string, unknown>;

/** One open enum field: where it sits under `components.schemas` and the values its spec knows. */
interface OpenEnumField {
  schema: string;
  /** Property names, and `number` for array items. */
  path: (string | number)[];
  known: string[];
}

function bundle(provider: string): Json {
  return JSON.parse(readFileSync(join("generated", provider, "openapi.json"), "utf8")) as Json;
}

function deref(doc: Json, node: Json): Json {
  if (typeof node.$ref !== "string") return node;
  const target = node.$ref
    .slice(2)
    .split("/")
    .reduce<unknown>((at, key) => (at as Json | undefined)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
  return deref(doc, target as Json);
}

/** Every `anyOf: [<known enum>, {type: string, x-open-enum: true}]` under the bundle's component schemas. */
function openEnumFields(doc: Json): OpenEnumField[] {
  const fields: OpenEnumField[] = [];
  const walk = (schema: string, node: Json, path: (string | number)[]): void => {
    const anyOf = node.anyOf as Json[] | undefined;
    if (anyOf?.some((branch) => branch["x-open-enum"] === true)) {
      const known = anyOf.filter((branch) => branch["x-open-enum"] !== true).flatMap((branch) => (deref(doc, branch).enum as unknown[] | undefined) ?? []);
      fields.push({ schema, path, known: known.filter((value): value is string => typeof value === "string") });
      return;
    }
    for (const [name, child] of Object.entries((node.properties as Record<string, Json> | undefined) ?? {})) walk(schema, child, [...path, name]);
    if (node.items && typeof node.items === "object") walk(schema, node.items as Json, [...path, 0]);
    for (const branch of [...((node.allOf as Json[] | undefined) ?? []), ...((node.oneOf as Json[] | undefined) ?? []), ...(anyOf ?? [])]) walk(schema, branch, path);
  };
  const schemas = ((doc.components as Json | undefined)?.schemas ?? {}) as Record<string, Json>;
  for (const [name, schema] of Object.entries(schemas)) walk(name, schema, []);
  return fields;
}

/** The TypeScript type of a field: each step through `NonNullable` (optional and nullable parents). */
function typeExpression(field: OpenEnumField): string {
  return field.path.reduce<string>(
    (expression, step) => `NonNullable<${expression}>[${typeof step === "number" ? "number" : JSON.stringify(step)}]`,
    `components["schemas"][${JSON.stringify(field.schema)}]`,
  );
}

const compilerOptions: ts.CompilerOptions = (() => {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error("tsconfig.json could not be read");
  return { ...config.options, noEmit: true };
})();

/** A language service over the repository's files plus in-memory ones, as an editor opens them. */
function languageService(files: Map<string, string>): ts.LanguageService {
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => compilerOptions,
    getScriptFileNames: () => [...files.keys()],
    getScriptVersion: () => "1",
    getScriptSnapshot: (fileName) => {
      const text = files.get(fileName) ?? ts.sys.readFile(fileName);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (fileName) => files.has(fileName) || ts.sys.fileExists(fileName),
    readFile: (fileName) => files.get(fileName) ?? ts.sys.readFile(fileName),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

const EQUAL = "type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;";
const literalUnion = (values: readonly string[]) => [...values.map((v) => JSON.stringify(v)), "(string & {})"].join(" | ");

/** A minimal 3.1 document whose one response has `status` as the given schema. */
function docWithStatus(status: Json): Json {
  return {
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {},
    components: { schemas: { Thing: { type: "object", required: ["status"], properties: { status } } } },
  };
}

const OPEN_STATUS = { anyOf: [{ type: "string", enum: ["on", "off"] }, { type: "string", "x-open-enum": true }] };

describe("the generator's open-enum hook", () => {
  test("emits the known values and (string & {}) on the thread and on the types worker alike", async () => {
    const worker = startTypesWorker();
    try {
      const [inThread, onWorker] = await Promise.all([typesFor(docWithStatus(OPEN_STATUS)), worker.typesFor(docWithStatus(OPEN_STATUS))]);
      expect(inThread).toContain('status: ("on" | "off") | (string & {});');
      expect(onWorker.types).toBe(inThread);
      // The repository's own specs go through the worker in `npm run generate`: same output as in this thread.
      const spec = bundle("browser-use");
      const [specInThread, specOnWorker] = await Promise.all([typesFor(structuredClone(spec)), worker.typesFor(structuredClone(spec))]);
      expect(specOnWorker.types).toBe(specInThread);
      expect(specInThread).toBe(readFileSync(join("generated", "browser-use", "schema.d.ts"), "utf8"));
    } finally {
      await worker.close();
    }
  }, 120_000);

  test("rejects the marker anywhere but the string branch of an anyOf, naming where it is", async () => {
    await expect(typesFor(docWithStatus({ type: "string", "x-open-enum": true }))).rejects.toThrow(/found a schema outside an anyOf at #\/components\/schemas\/Thing\/status$/);
    await expect(typesFor(docWithStatus({ anyOf: [{ type: "string", enum: ["on"] }, { type: "integer", "x-open-enum": true }] }))).rejects.toThrow(/found type "integer" at #\/components\/schemas\/Thing\/status\/anyOf\/1$/);
  }, 120_000);

  // SchemaClient (src/core/schema-client.ts) types responses without openapi-fetch's Readable, which only drops these markers.
  test.each(providers)("%s: the generated types carry no readOnly/writeOnly markers", (provider) => {
    const types = readFileSync(join("generated", provider, "schema.d.ts"), "utf8");
    expect(types).not.toMatch(/\$Read<|\$Write<|readonly \$read|readonly \$write/);
  });
});

describe("every open response enum in the generated types", () => {
  test.each(providers)("%s: each x-open-enum field is exactly its known values | (string & {})", (provider) => {
    const doc = bundle(provider);
    const fields = openEnumFields(doc);
    // The walker must see every marker the bundle carries, or a field would go unchecked.
    expect(fields.length).toBe(JSON.stringify(doc).split('"x-open-enum":true').length - 1);
    expect(fields.every((field) => field.known.length > 0)).toBe(true);

    const lines = [
      `import type { components } from "../generated/${provider}/schema.js";`,
      EQUAL,
      // A control the checker must reject: it shows that a field collapsed into `string` fails below.
      `export const control: Equal<string, "x" | (string & {})> = true;`,
      ...fields.map((field, i) => `export const field${i}: Equal<${typeExpression(field)}, ${literalUnion(field.known)}> = true;`),
    ];
    const fileName = join(ROOT, "scripts", `__open-enums-${provider}.ts`);
    const service = languageService(new Map([[fileName, lines.join("\n")]]));
    const failedLines = new Set(
      service.getSemanticDiagnostics(fileName).map((d) => ts.getLineAndCharacterOfPosition(d.file!, d.start!).line),
    );
    expect(failedLines.has(2), "the control line must fail").toBe(true);
    const failed = fields.filter((_, i) => failedLines.has(i + 3)).map((field) => `${field.schema}.${field.path.join(".")}`);
    expect(failed).toEqual([]);
  }, 120_000);
});

/** A status read through a helper and through the raw client; `$CURSOR$` marks where the editor asks. */
const COMPLETION_CASES: Record<string, { schema: string; field: string; source: string }[]> = {
  "browser-use": [
    {
      schema: "SessionResponse",
      field: "status",
      source: `const session = await client.sessions.get("id"); if (session.status === "$CURSOR$") {}`,
    },
    {
      schema: "SessionResponse",
      field: "model",
      source: `const { data } = await client.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } }); switch (data?.model) { case "$CURSOR$": }`,
    },
    {
      schema: "SessionResponse",
      field: "status",
      source: `const { data } = await client.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } }); switch (data?.status) { case "$CURSOR$": }`,
    },
  ],
  browserbase: [
    { schema: "AgentRun", field: "status", source: `const run = await client.runs.get("id"); if (run.status === "$CURSOR$") {}` },
    {
      schema: "AgentRun",
      field: "status",
      source: `const { data } = await client.GET("/v1/agents/runs/{runId}", { params: { path: { runId: "id" } } }); switch (data?.status) { case "$CURSOR$": }`,
    },
  ],
  everruns: [
    { schema: "Session", field: "status", source: `const session = await client.sessions.get("id"); if (session.status === "$CURSOR$") {}` },
    {
      schema: "Session",
      field: "status",
      source: `const { data } = await client.GET("/v1/sessions/{session_id}", { params: { path: { session_id: "id" } } }); switch (data?.status) { case "$CURSOR$": }`,
    },
  ],
  thinkrun: [
    { schema: "Session", field: "status", source: `const session = await client.sessions.get("id"); if (session.status === "$CURSOR$") {}` },
    {
      schema: "Session",
      field: "status",
      source: `const { data } = await client.GET("/api/sessions/{sessionId}", { params: { path: { sessionId: "id" } } }); switch (data?.status) { case "$CURSOR$": }`,
    },
  ],
};

describe("editor completions for status fields (TypeScript language service)", () => {
  test("every provider has completion cases", () => {
    expect(Object.keys(COMPLETION_CASES).sort()).toEqual(providers);
  });

  test.each(providers)("%s: a status read through the client completes exactly the spec's known values", (provider) => {
    const fields = openEnumFields(bundle(provider));
    const files = new Map<string, string>();
    const cursors: { fileName: string; position: number; known: string[]; label: string }[] = [];
    COMPLETION_CASES[provider]!.forEach(({ schema, field, source }, i) => {
      const known = fields.find((f) => f.schema === schema && f.path.join(".") === field)?.known;
      expect(known, `${schema}.${field} is an open enum of the ${provider} spec`).toBeDefined();
      const text = [
        `import { ${FACTORIES[provider]} } from "../src/${provider}/index.js";`,
        `const client = ${FACTORIES[provider]}({ apiKey: "k" });`,
        `export async function probe() { ${source} }`,
      ].join("\n");
      const fileName = join(ROOT, "scripts", `__completions-${provider}-${i}.ts`);
      files.set(fileName, text.replace("$CURSOR$", ""));
      cursors.push({ fileName, position: text.indexOf("$CURSOR$"), known: known!, label: `${schema}.${field}: ${source}` });
    });
    const service = languageService(files);
    for (const { fileName, position, known, label } of cursors) {
      expect(service.getSemanticDiagnostics(fileName).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")), label).toEqual([]);
      const names = service.getCompletionsAtPosition(fileName, position, {})?.entries.map((entry) => entry.name) ?? [];
      expect([...names].sort(), label).toEqual([...known].sort());
    }
  }, 120_000);
});
