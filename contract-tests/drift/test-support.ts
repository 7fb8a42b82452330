/** Helpers for the drift tests: spec copies, a scripted node:http server, report checks. All on 127.0.0.1. */
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { browserUse } from "../../src/browser-use/provider.js";
import { JUDGEMENT } from "../runner/judgements.js";
import { CONTRACT_PROVIDERS, type ContractProvider } from "../runner/providers.js";
import type { SpecNode } from "../runner/spec-index.js";
import type { ContractCase } from "../runner/types.js";

const addFormats = addFormatsModule.default;

/** A distinctive fake key: it must never appear in a report. */
export const FAKE_KEY = "bu-FAKE-drift-secret-7f3a9c2e1d";

/** A provider's bundled spec, as a fresh mutable copy. */
export function bundledSpec(provider: string): SpecNode {
  return JSON.parse(readFileSync(`generated/${provider}/openapi.json`, "utf8")) as SpecNode;
}

/** The bundled Browser Use spec, as a fresh mutable copy. */
export function browserUseSpec(): SpecNode {
  return bundledSpec("browser-use");
}

/**
 * A copy of a spec with every `x-judgement` marker deleted and every constraint kept: every constraint then
 * counts as documented, so a test can show a kind at its plain severity whatever the audit marked.
 */
export function withoutJudgementMarkers(doc: SpecNode): SpecNode {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(Object.entries(node).filter(([key]) => key !== JUDGEMENT).map(([key, value]) => [key, copy(value)]));
  };
  return copy(doc) as SpecNode;
}

/** The real Browser Use provider with these cases and, when given, another bundled spec (a mutated copy). */
export function browserUseProvider(cases: ContractCase[], specPath = CONTRACT_PROVIDERS.find((p) => p.definition.name === "browser-use")!.specPath): ContractProvider {
  return { definition: browserUse, specPath, cases };
}

/** The env of a live Browser Use run against `baseUrl`, with {@link FAKE_KEY}. */
export function browserUseEnv(baseUrl: string): NodeJS.ProcessEnv {
  return { BROWSER_USE_API_KEY: FAKE_KEY, BROWSER_USE_BASE_URL: baseUrl };
}

/** Read-only Browser Use cases for live runs; path ids come from id discovery. */
export const LIVE_CASES = {
  listSessions: { name: "listSessions: 200", operationId: "listSessions", expect: { status: 200 } },
  getSession: { name: "getSession: 200", operationId: "getSession", request: { path: { session_id: "mock-only-id" } }, expect: { status: 200 } },
  listMessages: { name: "listSessionMessages: 200", operationId: "listSessionMessages", request: { path: { session_id: "mock-only-id" } }, expect: { status: 200 } },
} satisfies Record<string, ContractCase>;

/** A request the fixture server received. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** A fixture server whose handler a test swaps; every request is recorded. */
export interface FixtureServer {
  url: string;
  received: Received[];
  handle: (request: Received, response: ServerResponse) => void;
  close(): Promise<void>;
}

/** Sends a JSON body. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** Starts a fixture server on a free loopback port; the default handler answers 500. */
export function startFixture(): Promise<FixtureServer> {
  const fixture: FixtureServer = {
    url: "",
    received: [],
    handle: (_, response) => sendJson(response, 500, { detail: "no handler" }),
    close: async () => undefined,
  };
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const received = { method: request.method ?? "GET", path: request.url ?? "/", headers: request.headers, body };
      fixture.received.push(received);
      fixture.handle(received, response);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      fixture.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      fixture.close = () => new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
      resolve(fixture);
    });
  });
}

const reportAjv = new Ajv2020({ strict: true, allErrors: true });
addFormats(reportAjv);
const validateReport = reportAjv.compile(JSON.parse(readFileSync("contract-tests/drift/report.schema.json", "utf8")));

/** The errors of report.json against report.schema.json (empty when it validates). */
export function reportSchemaErrors(dir: string): string[] {
  const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
  return validateReport(report) ? [] : (validateReport.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** Every report file of a directory that contains `secret`. */
export function filesContaining(dir: string, secret: string): string[] {
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name), "utf8").includes(secret));
}

/** The JSON blocks of a Markdown report (the ready-to-paste allow-list entries). */
export function jsonBlocks(markdown: string): unknown[] {
  return [...markdown.matchAll(/^\s*`{3,}json\n\s*(.+)\n\s*`{3,}$/gm)].map((m) => JSON.parse(m[1]!));
}
