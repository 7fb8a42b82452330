/**
 * The recording proxy in front of a stand-in API: every request and answer is logged; each create's
 * answer gets fresh ids at the places its links read (so a run cannot pass by reusing documented ids); a
 * request naming an id the proxy never handed out gets the operation's documented 404, a wrong key its
 * documented 401; faults drop connections or replace answers. Listens on 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { matchOperation } from "../drift/replay.js";
import { freshValue, schemaPointerAt } from "../runner/fresh-id.js";
import type { SpecIndex, SpecNode, SpecOperation } from "../runner/spec-index.js";
import { readPointer } from "../runner/spec-links.js";
import { describeAction, faultFor, type ArmedFault, type Fault } from "./faults.js";

/** One request the proxy received, with what it answered. */
export interface Recorded {
  /** 1-based arrival order. */
  seq: number;
  method: string;
  /** Path and query as received. */
  url: string;
  /** The operation of the stand-in's spec the request matched. */
  operationId?: string;
  /** The path parameters of that operation, decoded. */
  pathParams: Record<string, string>;
  /** Request headers, names lowercased. */
  requestHeaders: Record<string, string>;
  requestBody: string;
  /** Undefined while unanswered, and when the connection was dropped. */
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  /** What the proxy did besides forwarding: `fault drop-request`, `unknown id: documented 404`, `wrong key: documented 401`. */
  notes: string[];
  /** Ids handed out in this answer, by JSON pointer of the body. */
  issued: Record<string, string>;
}

/** A listener of the log: called when a request arrives (`request`) and when it is answered or dropped (`done`). */
export type RecordListener = (entry: Recorded, phase: "request" | "done") => void;

/** Options of {@link startRecordingProxy}. */
export interface ProxyOptions {
  /** The API behind the proxy (e.g. a Prism server). */
  upstream: string;
  /** The spec the upstream serves: operations, links, documented statuses. */
  spec: SpecIndex;
  /** Replace the ids a create's links read with fresh ones. Default true. */
  freshIds?: boolean;
  /** A path id the proxy did not hand out: `404` answers the operation's documented 404, `pass` forwards it. Default `404`. */
  unknownIds?: "404" | "pass";
  /** Ids to treat as handed out (resources that exist before the run). */
  knownIds?: readonly string[];
  /** When given, a key in an auth header that is not one of these gets the documented 401. A missing key is left to the upstream. */
  apiKeys?: readonly string[];
  /** Faults armed from the start; more with `inject()`. */
  faults?: readonly Fault[];
  /**
   * Answer only what the served document accepts: a JSON answer of a documented status whose body fails its
   * schema is asked for again with another seed (`Prefer: seed=redraw-<n>`: a seeded Prism draws the same
   * body for the same schema every time), up to {@link CONFORM_ATTEMPTS} draws, each re-draw noted in the
   * log; one that never conforms is passed on with a note. Default false.
   */
  conform?: boolean;
  /**
   * Preferences sent to the upstream with every request, joined to the proxy's own (`Prefer: code=404,
   * dynamic=true, seed=5`): how a Prism shared by several stand-ins answers this one.
   */
  prefer?: readonly string[];
}

/** A running recording proxy. */
export interface RecordingProxy {
  url: string;
  /** Every request, in arrival order. */
  log: Recorded[];
  /** Every id handed out, with the create and pointer it was handed out at. */
  issued: Map<string, { operationId: string; pointer: string; seq: number }>;
  /** Arms a fault for the requests from now on. */
  inject(fault: Fault): void;
  /** Disarms every fault. */
  clearFaults(): void;
  /** Adds a listener; returns its removal. */
  subscribe(listener: RecordListener): () => void;
  /** Resolves with the first logged request (past or future) for which `predicate` holds in `phase`; rejects after `timeoutMs`. */
  waitFor(predicate: (entry: Recorded) => boolean, options?: { phase?: "request" | "done"; timeoutMs?: number }): Promise<Recorded>;
  stop(): Promise<void>;
}

// Headers a proxy must not forward as they are (hop-by-hop, or recomputed).
const HOP_HEADERS = new Set(["host", "connection", "keep-alive", "content-length", "transfer-encoding", "accept-encoding", "upgrade", "proxy-connection", "te", "trailer"]);
const RESPONSE_DROP = new Set(["content-length", "transfer-encoding", "connection", "content-encoding", "keep-alive"]);
/** Draws of one answer with `conform` before the proxy passes on a body its document rejects. */
export const CONFORM_ATTEMPTS = 5;
/** Longest wait in {@link RecordingProxy.waitFor} unless given. */
export const WAIT_FOR_TIMEOUT_MS = 60_000;

function headerRecord(headers: IncomingMessage["headers"]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : String(v ?? "")]));
}

function writePointer(value: unknown, pointer: string, replacement: string): void {
  const segments = pointer.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const last = segments.pop();
  const parent = segments.reduce<unknown>((node, seg) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[seg] : undefined), value);
  if (last !== undefined && parent !== null && typeof parent === "object") (parent as Record<string, unknown>)[last] = replacement;
}

/** The `$response.body#/…` pointers the links of an operation's response read. */
function linkedPointers(spec: SpecIndex, op: SpecOperation, status: number): string[] {
  const response = spec.response(op, status);
  const pointers = new Set<string>();
  for (const raw of Object.values<SpecNode>(response?.node.links ?? {})) {
    const link = spec.resolve(raw);
    const text = JSON.stringify([link.parameters ?? {}, link.requestBody ?? null]);
    for (const match of text.matchAll(/\$response\.body#(\/[^"}]*)/g)) pointers.add(match[1]!);
  }
  return [...pointers];
}

function pathParams(op: SpecOperation, pathname: string): Record<string, string> {
  const names: string[] = [];
  const source = op.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{([^}]+)\\?\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const match = new RegExp(`^${source}/?$`).exec(pathname);
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? "")]));
}

function authHeaderNames(spec: SpecIndex): string[] {
  const schemes = Object.values<SpecNode>(spec.doc.components?.securitySchemes ?? {});
  return [...new Set(schemes.flatMap((s) => (s.type === "apiKey" && s.in === "header" ? [String(s.name).toLowerCase()] : s.type === "http" ? ["authorization"] : [])))];
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/** Starts a recording proxy on a free 127.0.0.1 port in front of `options.upstream`. */
export async function startRecordingProxy(options: ProxyOptions): Promise<RecordingProxy> {
  const { spec, upstream } = options;
  const freshIds = options.freshIds ?? true;
  const unknownIds = options.unknownIds ?? "404";
  const known = new Set(options.knownIds ?? []);
  const keys = options.apiKeys === undefined ? undefined : new Set(options.apiKeys);
  const authHeaders = authHeaderNames(spec);
  const faults: ArmedFault[] = (options.faults ?? []).map((fault) => ({ fault, seen: 0 }));
  const listeners = new Set<RecordListener>();
  const log: Recorded[] = [];
  const issued: RecordingProxy["issued"] = new Map();
  const emit = (entry: Recorded, phase: "request" | "done") => listeners.forEach((listener) => listener(entry, phase));

  /** The status the proxy makes the upstream serve instead of its default answer, with why. */
  const override = (op: SpecOperation, entry: Recorded): { prefer: string; note: string } | undefined => {
    const documented = (status: number) => spec.response(op, status)?.key === String(status);
    if (keys) {
      const present = authHeaders.map((name) => entry.requestHeaders[name]).filter((v): v is string => v !== undefined);
      const valid = present.some((value) => keys.has(value.replace(/^(?:Bearer|ApiKey|Basic)\s+/i, "")));
      if (present.length > 0 && !valid && documented(401)) return { prefer: "code=401", note: "wrong key: documented 401" };
    }
    if (unknownIds === "404") {
      const unknown = Object.entries(entry.pathParams).filter(([, value]) => !issued.has(value) && !known.has(value));
      if (unknown.length > 0 && documented(404)) return { prefer: "code=404", note: `unknown id ${unknown.map(([k]) => k).join(", ")}: documented 404` };
    }
    return undefined;
  };

  /** Why an answer breaks the served document (its first ajv error), or undefined when it conforms or is no JSON answer of a documented status. */
  const nonConformance = (op: SpecOperation, status: number, contentType: string, body: string): string | undefined => {
    const documented = spec.response(op, status);
    const mediaType = contentType.split(";")[0]!.trim().toLowerCase();
    if (!documented || !/json/.test(mediaType) || !(mediaType in (documented.node.content ?? {}))) return undefined;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error) {
      return `unparseable JSON (${(error as Error).message})`;
    }
    const validate = spec.validator(spec.responseSchemaPointer(op, documented.key, mediaType));
    if (validate(json)) return undefined;
    const [first] = validate.errors ?? [];
    return `${first?.instancePath || "/"} ${first?.message ?? "is invalid"}`;
  };

  const issue = (op: SpecOperation, entry: Recorded, status: number, body: string, mediaType: string): string => {
    if (!freshIds || status < 200 || status > 299 || !/json/.test(mediaType)) return body;
    const pointers = linkedPointers(spec, op, status);
    if (pointers.length === 0) return body;
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return body;
    }
    const schemaRoot = spec.responseSchemaPointer(op, spec.response(op, status)!.key, "application/json");
    for (const pointer of pointers) {
      const current = readPointer(json, pointer);
      if (typeof current !== "string") continue;
      const schemaPointer = schemaPointerAt(spec, schemaRoot, pointer);
      if (!schemaPointer) {
        entry.notes.push(`no schema for ${pointer}: id not replaced`);
        continue;
      }
      const fresh = freshValue(spec, schemaPointer, current);
      writePointer(json, pointer, fresh);
      entry.issued[pointer] = fresh;
      issued.set(fresh, { operationId: op.operationId, pointer, seq: entry.seq });
    }
    return JSON.stringify(json);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const requestBody = await readBody(request);
    const url = request.url ?? "/";
    const method = (request.method ?? "GET").toUpperCase();
    const match = matchOperation(spec, [""], method, url);
    const op = "operationId" in match ? spec.operation(match.operationId) : undefined;
    const entry: Recorded = {
      seq: log.length + 1,
      method,
      url,
      ...(op ? { operationId: op.operationId } : {}),
      pathParams: op ? pathParams(op, new URL(url, "http://standin.invalid").pathname) : {},
      requestHeaders: headerRecord(request.headers),
      requestBody,
      notes: [],
      issued: {},
    };
    log.push(entry);
    emit(entry, "request");
    const drop = () => {
      request.socket.destroy();
      emit(entry, "done");
    };
    const action = faultFor(faults, { method, operationId: op?.operationId });
    if (action !== undefined) entry.notes.push(`fault ${describeAction(action)}`);
    if (action === "drop-request") return drop();
    if (action !== undefined && typeof action === "object") {
      const text = action.body === undefined ? "" : JSON.stringify(action.body);
      const headers = { ...(text ? { "content-type": "application/json" } : {}), ...action.headers };
      Object.assign(entry, { status: action.status, responseHeaders: headers, responseBody: text });
      response.writeHead(action.status, headers).end(text);
      return emit(entry, "done");
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(entry.requestHeaders)) if (!HOP_HEADERS.has(name)) headers.set(name, value);
    const routed = op ? override(op, entry) : undefined;
    if (routed) entry.notes.push(routed.note);
    const prefer = [routed?.prefer ?? headers.get("prefer"), ...(options.prefer ?? [])].filter((p): p is string => Boolean(p));
    if (prefer.length > 0) headers.set("prefer", prefer.join(", "));
    let upstreamResponse: Response;
    let text: string;
    try {
      for (let draw = 1; ; draw++) {
        if (draw > 1) headers.set("prefer", [...prefer.filter((p) => !p.startsWith("seed=")), `seed=redraw-${draw}`].join(", "));
        upstreamResponse = await fetch(new URL(url, upstream), { method, headers, body: requestBody === "" || method === "GET" || method === "HEAD" ? undefined : requestBody, redirect: "manual" });
        text = await upstreamResponse.text();
        const broken = options.conform && op ? nonConformance(op, upstreamResponse.status, upstreamResponse.headers.get("content-type") ?? "", text) : undefined;
        if (broken === undefined) break;
        if (draw >= CONFORM_ATTEMPTS) {
          entry.notes.push(`the answer breaks the served document after ${draw} draws: ${broken}`);
          break;
        }
        entry.notes.push(`re-drawn: the answer broke the served document (${broken})`);
      }
    } catch (error) {
      entry.notes.push(`upstream failed: ${(error as Error).message}`);
      Object.assign(entry, { status: 502, responseHeaders: {}, responseBody: "" });
      if (!response.headersSent) response.writeHead(502).end();
      return emit(entry, "done");
    }
    const mediaType = upstreamResponse.headers.get("content-type") ?? "";
    const body = op ? issue(op, entry, upstreamResponse.status, text, mediaType) : text;
    if (action === "drop-response") return drop();
    const responseHeaders: Record<string, string> = {};
    upstreamResponse.headers.forEach((value, name) => {
      if (!RESPONSE_DROP.has(name)) responseHeaders[name] = value;
    });
    Object.assign(entry, { status: upstreamResponse.status, responseHeaders, responseBody: body });
    if (!response.destroyed) response.writeHead(upstreamResponse.status, { ...responseHeaders, "content-length": Buffer.byteLength(body) }).end(body);
    emit(entry, "done");
  };

  const server = createServer((request, response) => {
    response.on("error", () => undefined);
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" }).end(`stand-in proxy error: ${error.message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    log,
    issued,
    inject: (fault) => void faults.push({ fault, seen: 0 }),
    clearFaults: () => void faults.splice(0),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitFor: (predicate, { phase = "done", timeoutMs = WAIT_FOR_TIMEOUT_MS } = {}) =>
      new Promise((resolve, reject) => {
        const past = log.find((entry) => (phase === "request" || entry.status !== undefined || entry.notes.some((n) => n.startsWith("fault drop"))) && predicate(entry));
        if (past) return resolve(past);
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`no request matched within ${timeoutMs} ms; ${log.length} logged`));
        }, timeoutMs);
        const listener: RecordListener = (entry, at) => {
          if (at !== phase || !predicate(entry)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(entry);
        };
        listeners.add(listener);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
