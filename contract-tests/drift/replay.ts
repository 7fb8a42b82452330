/**
 * Replay: the drift classifier on recorded traffic, offline. Reads a HAR file or NDJSON of
 * `{request: {method, url, headers, body}, response: {status, headers, body}}` pairs, matches each
 * request to an operation by method and path template (the server's base path stripped), and
 * classifies each response exactly as a live run would.
 */
import { resolve } from "node:path";
import { InputError, jsonErrorOffset, parseJsonText, readInputFile } from "../runner/input-files.js";
import type { ContractProvider } from "../runner/providers.js";
import type { SpecIndex } from "../runner/spec-index.js";
import { specFor } from "../runner/suite.js";
import type { ClassifiedResponse } from "./classify.js";
import { DriftCollector } from "./collect.js";
import { finishRun, loadRunInputs, specVersion, type DriftRunOptions } from "./drift-run.js";
import { secretsIn } from "./live-run.js";
import type { DriftReport, UnmatchedEntry } from "./report.js";
import { misconfiguration } from "./target-health.js";

/** One recorded request/response pair. */
export interface RecordedExchange {
  /** 1-based position in the file (HAR entry or NDJSON line). */
  entry: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  status: number;
  responseHeaders: Record<string, string>;
  body: string;
}

type HeaderList = { name: string; value: string }[] | Record<string, string | string[]> | undefined;

function headerRecord(headers: HeaderList): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) for (const { name, value } of headers) out[name.toLowerCase()] = value;
  else for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
  return out;
}

function bodyText(body: unknown): string {
  return body === undefined || body === null ? "" : typeof body === "string" ? body : JSON.stringify(body);
}

function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/**
 * Parses a HAR document or NDJSON pairs (detected from the content). Errors are InputErrors naming
 * `file` and the HAR entry or NDJSON line; a JSON document with `log` is a HAR whatever else is wrong with it.
 */
export function parseTraffic(text: string, file?: string): RecordedExchange[] {
  const fail = (message: string): never => {
    throw new InputError(file === undefined ? message : `traffic file ${file}: ${message}`);
  };
  let har: { log?: { entries?: unknown } } | undefined;
  try {
    har = JSON.parse(text);
  } catch {
    har = undefined;
  }
  if (har !== null && typeof har === "object" && "log" in har) {
    const entries = har.log?.entries;
    if (!Array.isArray(entries)) return fail(`a HAR file needs log.entries to be an array, got ${kindOf(entries)}`);
    return entries.map((e, i) => {
      for (const part of ["request", "response"]) if (e?.[part] === null || typeof e?.[part] !== "object") fail(`HAR entry ${i + 1} has no ${part} object`);
      const content = e.response?.content ?? {};
      const body = content.encoding === "base64" && typeof content.text === "string" ? Buffer.from(content.text, "base64").toString("utf8") : (content.text ?? "");
      const responseHeaders = headerRecord(e.response?.headers);
      if (!responseHeaders["content-type"] && content.mimeType) responseHeaders["content-type"] = content.mimeType;
      return { entry: i + 1, method: String(e.request?.method ?? "GET"), url: String(e.request?.url ?? ""), requestHeaders: headerRecord(e.request?.headers), status: Number(e.response?.status), responseHeaders, body };
    });
  }
  const lines = text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), entry: i + 1, indent: line.length - line.trimStart().length }))
    .filter(({ line }) => line !== "");
  // One JSON document spread over lines (a pretty-printed report.json) is neither a HAR nor NDJSON: say what it is.
  if (har !== undefined && lines.length > 1) {
    const keys = har !== null && typeof har === "object" && !Array.isArray(har) ? Object.keys(har) : [];
    const shown = keys.length === 0 ? kindOf(har) : `an object with keys ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}`;
    return fail(`valid JSON, but not a HAR file (no top-level "log"; ${shown}) and not NDJSON (one {request, response} object per line)`);
  }
  // A document spread over lines whose first line is not JSON on its own is a broken HAR, not NDJSON.
  if (har === undefined && lines.length > 1 && jsonErrorOffset(lines[0]!.line) !== undefined && text.trimStart().startsWith("{")) {
    parseJsonText(text, file ?? "traffic", "traffic file");
  }
  return lines.map(({ line, entry, indent }) => {
      let pair: any;
      try {
        pair = JSON.parse(line);
      } catch {
        // Node's own message is left out, as for every input file: it differs between versions.
        const offset = jsonErrorOffset(line) ?? 0;
        const where = offset >= line.length ? "the line ends early" : `column ${indent + offset + 1}: unexpected ${JSON.stringify(line[offset])}`;
        return fail(`line ${entry}: not JSON (${where}); expected a HAR document or NDJSON pairs`);
      }
      if (!pair?.request || !pair?.response) fail(`line ${entry}: expected {request: {...}, response: {...}}`);
      return {
        entry,
        method: String(pair.request.method ?? "GET"),
        url: String(pair.request.url ?? ""),
        requestHeaders: headerRecord(pair.request.headers),
        status: Number(pair.response.status),
        responseHeaders: headerRecord(pair.response.headers),
        body: bodyText(pair.response.body),
      };
    });
}

/** Base paths a recorded URL may carry before the spec's paths: the spec's servers and the provider's base URLs. */
export function basePaths(spec: SpecIndex, provider: ContractProvider, env: NodeJS.ProcessEnv = process.env): string[] {
  const urls = [...((spec.doc.servers ?? []) as { url: string }[]).map((s) => s.url), provider.definition.defaultBaseUrl, env[provider.definition.baseUrlEnv] ?? ""];
  const paths = urls.map((url) => {
    try {
      return new URL(url, "http://host.invalid").pathname.replace(/\/$/, "");
    } catch {
      return "";
    }
  });
  return [...new Set([...paths, ""])].sort((a, b) => b.length - a.length);
}

/** The operation a recorded request belongs to: literal segments beat templated ones. */
export function matchOperation(spec: SpecIndex, bases: string[], method: string, url: string): { operationId: string } | { reason: string } {
  let pathname: string;
  try {
    pathname = new URL(url, "http://host.invalid").pathname;
  } catch {
    return { reason: "not a URL" };
  }
  const candidates = spec.operations().filter((op) => op.method === method.toLowerCase());
  for (const base of bases) {
    if (base !== "" && !(pathname === base || pathname.startsWith(`${base}/`))) continue;
    const rest = pathname.slice(base.length) || "/";
    const matches = candidates
      .filter((op) => new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{[^}]+\\?\}/g, "[^/]+")}/?$`).test(rest))
      .sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0));
    if (matches[0]) return { operationId: matches[0].operationId };
  }
  return { reason: `no ${method.toUpperCase()} operation of the spec matches this path` };
}

function observed(exchange: RecordedExchange): ClassifiedResponse {
  const mediaType = (exchange.responseHeaders["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  let json: unknown;
  let jsonError: string | undefined;
  if (exchange.body !== "" && /json/.test(mediaType)) {
    try {
      json = JSON.parse(exchange.body);
    } catch (error) {
      jsonError = (error as Error).message;
    }
  }
  return { status: exchange.status, mediaType, text: exchange.body, json, ...(jsonError === undefined ? {} : { jsonError }) };
}

/** The values of the provider's auth headers in recorded requests (a `Bearer` token alone too). */
function recordedSecrets(provider: ContractProvider, exchanges: RecordedExchange[]): string[] {
  const names = Object.keys(provider.definition.authHeaders("x")).map((n) => n.toLowerCase());
  const out = new Set<string>();
  for (const e of exchanges) {
    for (const name of names) {
      const value = e.requestHeaders[name];
      if (!value) continue;
      out.add(value);
      const token = value.replace(/^(?:Bearer|Basic|Token)\s+/i, "");
      if (token !== value) out.add(token);
    }
  }
  return [...out];
}

/** Options of a replay (the report options are {@link DriftRunOptions}). */
export interface ReplayOptions extends DriftRunOptions {
  provider: ContractProvider;
  file: string;
  env?: NodeJS.ProcessEnv;
}

/** Where recorded traffic went: the origin and base path of its first URL. */
function recordedBaseUrl(exchanges: RecordedExchange[]): string {
  try {
    return new URL(exchanges[0]?.url ?? "").origin;
  } catch {
    return "(recorded traffic)";
  }
}

/** Classifies recorded traffic of one provider and writes the reports. */
export function replayTraffic(options: ReplayOptions): { report: DriftReport; files: string[] } {
  const env = options.env ?? process.env;
  const inputs = loadRunInputs(options, [options.provider]);
  const file = resolve(options.file);
  const exchanges = parseTraffic(readInputFile(file, "traffic file"), file);
  const spec = specFor(options.provider);
  const name = options.provider.definition.name;
  const bases = basePaths(spec, options.provider, env);
  const collector = new DriftCollector(() => spec);
  const unmatched: UnmatchedEntry[] = [];
  const matched: { exchange: RecordedExchange; operationId: string }[] = [];
  for (const exchange of exchanges) {
    const match = matchOperation(spec, bases, exchange.method, exchange.url);
    if ("reason" in match) {
      unmatched.push({ entry: exchange.entry, method: exchange.method.toUpperCase(), url: exchange.url, reason: match.reason });
      continue;
    }
    if (!Number.isInteger(exchange.status) || exchange.status < 100) {
      unmatched.push({ entry: exchange.entry, method: exchange.method.toUpperCase(), url: exchange.url, reason: "no HTTP status recorded (the request failed)" });
      continue;
    }
    matched.push({ exchange, operationId: match.operationId });
  }
  // The same rule as a live run: traffic from a misconfigured target is "could not judge", not drift.
  const baseUrl = recordedBaseUrl(exchanges);
  const calls = matched.map(({ exchange }) => ({ status: exchange.status, mediaType: observed(exchange).mediaType }));
  const unjudgeable = matched.length > 0 ? misconfiguration(baseUrl, calls) : undefined;
  if (!unjudgeable) {
    for (const { exchange, operationId } of matched) collector.add({ provider: name, operationId, source: `replay entry ${exchange.entry}`, response: observed(exchange) });
  }
  const status = unjudgeable ? { status: "could-not-judge" as const, reason: unjudgeable } : { status: "ran" as const };
  return finishRun(collector, [{ name, ...status, baseUrl, specVersion: specVersion(options.provider), cases: [], cleanup: [] }], inputs, {
    ...options,
    mode: "replay",
    secrets: [...secretsIn(env), ...recordedSecrets(options.provider, exchanges)],
    replay: { file: options.file, entries: exchanges.length, matched: matched.length, unmatched },
  });
}
