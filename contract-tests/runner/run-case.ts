/** Sends one case to a target and runs every check on the response. */
import { provesNotSent } from "../../src/core/retry-policy.js";
import { CHECKS } from "../checks/index.js";
import type { SpecIndex, SpecOperation } from "./spec-index.js";
import { CASE_TIMEOUT_MS } from "./target-watch.js";
import type { CaseResult, CheckFailure, ContractCase, ObservedResponse, Target } from "./types.js";

export { CASE_TIMEOUT_MS } from "./target-watch.js";

/** The URL of a case: path params encoded, query appended. */
export function caseUrl(baseUrl: string, path: string, request: ContractCase["request"] = {}): string {
  const filled = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = request.path?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const url = new URL(baseUrl.replace(/\/$/, "") + filled);
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value));
  return url.toString();
}

/** Reads a fetch `Response` into what the checks see (the body read once, JSON parsed when the media type says so). */
export async function observe(response: Response): Promise<ObservedResponse> {
  const text = await response.text();
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  let json: unknown;
  let jsonError: string | undefined;
  if (text !== "" && /json/.test(mediaType)) {
    try {
      json = JSON.parse(text);
    } catch (error) {
      jsonError = (error as Error).message;
    }
  }
  return { status: response.status, headers: response.headers, mediaType, text, json, ...(jsonError === undefined ? {} : { jsonError }) };
}

/** What sending one case produced: the response, or why none came back. */
export interface SentCase {
  operation: SpecOperation;
  /** `POST /sessions`. */
  label: string;
  response?: ObservedResponse;
  /** Set when no response came back (connection, timeout). */
  transportError?: string;
  /** True when the failure proves the request never left (connection refused, DNS failure). */
  notSent?: boolean;
  /** True when the timeout ran out before any response came back (not even a status line). */
  timedOut?: boolean;
  durationMs: number;
}

/** The URL and fetch options of a case on a target (the `Prefer` header only to a mock). */
export function caseRequest(spec: SpecIndex, target: Target, contractCase: ContractCase): { operation: SpecOperation; url: string; init: RequestInit } {
  const operation = spec.operation(contractCase.operationId);
  const request = contractCase.request ?? {};
  const headers = new Headers(request.withoutAuth ? {} : target.headers);
  for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (contractCase.prefer && target.kind === "mock") {
    const prefer = Object.entries(contractCase.prefer).map(([k, v]) => `${k}=${v}`);
    headers.set("prefer", prefer.join(", "));
  }
  // A redirect is the API's answer, checked like any other; fetch would follow it and carry the key header
  // (all but `Authorization`) to whatever server it names.
  return { operation, url: caseUrl(target.baseUrl, operation.path, request), init: { method: operation.method.toUpperCase(), headers, body, redirect: "manual" } };
}

/** Sends one case's request to a target; runs no check. `signal` aborts it (besides the case timeout). */
export async function sendCase(spec: SpecIndex, target: Target, contractCase: ContractCase, options: { signal?: AbortSignal } = {}): Promise<SentCase> {
  const started = performance.now();
  const { operation, url, init } = caseRequest(spec, target, contractCase);
  const label = `${operation.method.toUpperCase()} ${operation.path}`;
  const elapsed = () => Math.round(performance.now() - started);
  const timeout = AbortSignal.timeout(target.timeoutMs ?? CASE_TIMEOUT_MS);
  let headersCame = false;
  try {
    const raw = await fetch(url, { ...init, signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout });
    headersCame = true;
    const response = await observe(raw);
    return { operation, label, response, durationMs: elapsed() };
  } catch (error) {
    return { operation, label, ...failedSend(error, timeout, headersCame, options.signal), durationMs: elapsed() };
  }
}

/** Why a send got no response: the message, whether it proves nothing was sent, whether the timeout ran out before any answer. */
export function failedSend(error: unknown, timeout: AbortSignal, headersCame: boolean, signal?: AbortSignal): Pick<SentCase, "transportError" | "notSent" | "timedOut"> {
  return {
    transportError: `request failed: ${(error as Error).message}${causeCode(error)}`,
    ...(provesNotSent(error) ? { notSent: true } : {}),
    ...(timeout.aborted && !headersCame && !signal?.aborted ? { timedOut: true } : {}),
  };
}

function causeCode(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" ? ` (${code})` : "";
}

/** Runs every check on a response; every failure is collected. */
export function checkResponse(spec: SpecIndex, operation: SpecOperation, contractCase: ContractCase, response: ObservedResponse, target: Target): CheckFailure[] {
  return Object.values(CHECKS).flatMap((check) => check({ spec, operation, contractCase, response, target }));
}

/** Runs one case against a target; every check runs and every failure is collected. */
export async function runCase(provider: string, spec: SpecIndex, target: Target, contractCase: ContractCase): Promise<CaseResult> {
  return caseResult(provider, spec, target, contractCase, await sendCase(spec, target, contractCase));
}

/** The result of a sent case: every check on its response, or its transport failure. */
export function caseResult(provider: string, spec: SpecIndex, target: Target, contractCase: ContractCase, sent: SentCase): CaseResult {
  const failures = sent.response
    ? checkResponse(spec, sent.operation, contractCase, sent.response, target)
    : [{ check: "transport", message: sent.transportError ?? "request failed" }];
  return { provider, case: contractCase, operation: sent.label, status: sent.response?.status, failures, durationMs: sent.durationMs };
}
