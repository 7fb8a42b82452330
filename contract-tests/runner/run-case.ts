/** Sends one case to a target and runs every check on the response. */
import { CHECKS } from "../checks/index.js";
import type { SpecIndex, SpecOperation } from "./spec-index.js";
import type { CaseResult, CheckFailure, ContractCase, ObservedResponse, Target } from "./types.js";

/** A case that gets no response within this time fails (nothing waits forever). */
export const CASE_TIMEOUT_MS = 30_000;

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
  durationMs: number;
}

/** Sends one case's request to a target (the `Prefer` header only to a mock); runs no check. */
export async function sendCase(spec: SpecIndex, target: Target, contractCase: ContractCase): Promise<SentCase> {
  const started = performance.now();
  const operation = spec.operation(contractCase.operationId);
  const label = `${operation.method.toUpperCase()} ${operation.path}`;
  const request = contractCase.request ?? {};
  const headers = new Headers(request.withoutAuth ? {} : target.headers);
  for (const [name, value] of Object.entries(request.headers ?? {})) headers.set(name, value);
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  if (body !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json");
  if (contractCase.prefer && target.kind === "mock") {
    const prefer = Object.entries(contractCase.prefer).map(([k, v]) => `${k}=${v}`);
    headers.set("prefer", prefer.join(", "));
  }
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const raw = await fetch(caseUrl(target.baseUrl, operation.path, request), {
      method: operation.method.toUpperCase(),
      headers,
      body,
      signal: AbortSignal.timeout(CASE_TIMEOUT_MS),
    });
    const response = await observe(raw);
    return { operation, label, response, durationMs: elapsed() };
  } catch (error) {
    return { operation, label, transportError: `request failed: ${(error as Error).message}`, durationMs: elapsed() };
  }
}

/** Runs every check on a response; every failure is collected. */
export function checkResponse(spec: SpecIndex, operation: SpecOperation, contractCase: ContractCase, response: ObservedResponse, target: Target): CheckFailure[] {
  return Object.values(CHECKS).flatMap((check) => check({ spec, operation, contractCase, response, target }));
}

/** Runs one case against a target; every check runs and every failure is collected. */
export async function runCase(provider: string, spec: SpecIndex, target: Target, contractCase: ContractCase): Promise<CaseResult> {
  const sent = await sendCase(spec, target, contractCase);
  const failures = sent.response
    ? checkResponse(spec, sent.operation, contractCase, sent.response, target)
    : [{ check: "transport", message: sent.transportError ?? "request failed" }];
  return { provider, case: contractCase, operation: sent.label, status: sent.response?.status, failures, durationMs: sent.durationMs };
}
