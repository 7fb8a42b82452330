/**
 * What every provider client is made of: an openapi-fetch client over the resilient fetch, an auth
 * middleware, operation labels, and `unwrap()` that turns `{data, error, response}` into data or a typed error.
 */
import createClient, { type Middleware } from "openapi-fetch";
import { errorFromResponse, type ErrorBodyReader } from "./error-factory.js";
import { InvalidArgumentError, MalformedResponseError } from "./errors.js";
import { DEFAULT_MAX_RETRIES } from "./retry-policy.js";
import { createResilientFetch, type OperationInfo } from "./resilient-fetch.js";
import { withSchemaTypes, type SchemaClient, type SchemaFetchResponse } from "./schema-client.js";

/** Default per-attempt timeout: 60 s from sending the request to the last byte of the response. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Set to `1` to print one debug line per attempt on stderr (auth headers redacted). */
export const DEBUG_ENV_VAR = "BROWSER_AGENT_DEBUG";

/** What the spec says about one operation: generated into `generated/<provider>/operations.js` from its `x-` markers. */
export interface OperationFacts {
  /** The spec's operationId. */
  readonly operationId: string;
  /** `x-billable`: starts work that costs money; never re-sent once it may have been delivered. */
  readonly billable: boolean;
  /** Sending it twice has the effect of sending it once (the method's default, or `x-idempotent`). */
  readonly idempotent: boolean;
  /** `x-already-done-statuses`: a resend answered with one of these means the first attempt did the job. */
  readonly alreadyDoneStatuses: readonly number[];
}

/** The billable operations (`METHOD /schema/path`) of a provider's generated operation facts. */
export function billableOperations<Label extends string>(operations: Readonly<Record<Label, OperationFacts>>): ReadonlySet<Label> {
  return new Set((Object.keys(operations) as Label[]).filter((label) => operations[label].billable));
}

/** The facts that make a provider client: names, env vars, auth, billable operations, error body. */
export interface ProviderDefinition {
  /** Provider name used in errors and logs, e.g. `browser-use`. */
  name: string;
  /** Env var read when no `apiKey` option is given. */
  apiKeyEnv: string;
  /** Env var read when no `baseUrl` option is given. */
  baseUrlEnv: string;
  /** The official server. */
  defaultBaseUrl: string;
  /** The request headers that carry the key. */
  authHeaders: (apiKey: string) => Record<string, string>;
  /** The spec's facts per operation (`METHOD /schema/path`), from `generated/<provider>/operations.js`. */
  operations: Readonly<Record<string, OperationFacts>>;
  /** Reads the provider's error body. */
  readErrorBody: ErrorBodyReader;
  /** Retryable statuses this provider means as "stop now" (Browser Use's 429 concurrency limit). */
  noRetryStatuses?: readonly number[];
  /** Statuses that prove a billable create created nothing, so it may be sent again. Default none. */
  refusedStatuses?: readonly number[];
}

/** Options every `create…Client()` accepts. */
export interface ClientOptions {
  /** API key; defaults to the provider's env var. */
  apiKey?: string;
  /** Base URL; defaults to the provider's env var, then the official server. */
  baseUrl?: string;
  /** The fetch to use (tests inject one); defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Per-attempt timeout in ms, covering the headers and the body. Default {@link DEFAULT_TIMEOUT_MS}. */
  timeoutMs?: number;
  /** Retries after the first attempt (never for a delivered billable create). Default 2. */
  maxRetries?: number;
  /** Debug log: `true` prints to stderr, a function receives the lines. Default: env `BROWSER_AGENT_DEBUG=1`. */
  debug?: boolean | ((line: string) => void);
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** Multiplies every wait between attempts (backoff and Retry-After); tests shrink it. Default 1. */
  retryDelayScale?: number;
}

/** The pieces a provider module builds its helpers from. */
export interface ProviderClient<Paths extends Record<string, any>> {
  client: SchemaClient<Paths>;
  /** Returns `data`, or throws the typed error for a non-2xx result. */
  unwrap: <R extends SchemaFetchResponse<any, any, any>>(operation: string, result: R) => NonNullable<R["data"]> | (R extends { data: undefined } ? undefined : never);
}

function env(name: string): string | undefined {
  const value = globalThis.process?.env?.[name];
  return value === undefined || value === "" ? undefined : value;
}

function debugSink(debug: ClientOptions["debug"]): ((line: string) => void) | undefined {
  if (typeof debug === "function") return debug;
  if (debug ?? env(DEBUG_ENV_VAR) === "1") return (line) => console.error(`[debug] ${line}`);
  return undefined;
}

/** Builds the openapi-fetch client of a provider with auth, labels, retries and timeouts. */
export function createProviderClient<Paths extends Record<string, any>>(definition: ProviderDefinition, options: ClientOptions = {}): ProviderClient<Paths> {
  const apiKey = options.apiKey ?? env(definition.apiKeyEnv);
  if (!apiKey) {
    throw new InvalidArgumentError(
      `${definition.name}: no API key. Pass the \`apiKey\` option or set the ${definition.apiKeyEnv} environment variable.`,
      { provider: definition.name, operation: "createClient" },
    );
  }
  const authHeaders = definition.authHeaders(apiKey);
  const secrets = [apiKey];
  const labels = new WeakMap<Request, OperationInfo>();
  const label = (method: string, schemaPath: string): OperationInfo => {
    const operation = `${method} ${schemaPath}`;
    return { operation, billable: definition.operations[operation]?.billable ?? false };
  };

  const providerMiddleware: Middleware = {
    onRequest({ request, schemaPath }) {
      for (const [name, value] of Object.entries(authHeaders)) request.headers.set(name, value);
      labels.set(request, label(request.method, schemaPath));
      return request;
    },
    // openapi-fetch parses a 2xx body as JSON whatever its content type; an HTML page (a captive portal, a
    // misrouted proxy) would escape as a bare SyntaxError. JSON content types are checked by the resilient fetch.
    async onResponse({ request, response, options: fetchOptions }) {
      if (!response.ok || fetchOptions.parseAs !== "json" || response.body === null) return undefined;
      const contentType = response.headers.get("content-type") ?? "";
      if (/\bjson\b/i.test(contentType) || contentType.startsWith("text/event-stream")) return undefined;
      const text = await response.clone().text();
      if (text === "") return undefined;
      try {
        JSON.parse(text);
      } catch (error) {
        const { operation } = labels.get(request) ?? label(request.method, new URL(request.url).pathname);
        throw new MalformedResponseError(`${definition.name} ${operation}: HTTP ${response.status} body is not JSON (content-type ${contentType || "none"})`, {
          provider: definition.name,
          operation,
          status: response.status,
          cause: error,
        });
      }
      return undefined;
    },
  };

  const fetch = createResilientFetch({
    provider: definition.name,
    fetch: options.fetch ?? globalThis.fetch,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    noRetryStatuses: new Set(definition.noRetryStatuses ?? []),
    refusedStatuses: new Set(definition.refusedStatuses ?? []),
    // A request relabelled by a user middleware is unknown: a POST is then treated as billable (the safe side).
    operationOf: (request) => labels.get(request) ?? { operation: `${request.method} ${new URL(request.url).pathname}`, billable: request.method === "POST" },
    log: debugSink(options.debug),
    secretHeaders: Object.keys(authHeaders),
    secrets,
    retryDelayScale: options.retryDelayScale,
  });

  const client = createClient<Paths>({
    baseUrl: options.baseUrl ?? env(definition.baseUrlEnv) ?? definition.defaultBaseUrl,
    fetch,
    headers: options.headers,
  });
  client.use(providerMiddleware);

  const unwrap = (operation: string, result: SchemaFetchResponse<any, any, any>) => {
    if (result.response.ok) return result.data;
    throw errorFromResponse({
      provider: definition.name,
      operation,
      response: result.response,
      body: result.error,
      readBody: definition.readErrorBody,
      secrets,
    });
  };
  return { client: withSchemaTypes(client), unwrap: unwrap as ProviderClient<Paths>["unwrap"] };
}
