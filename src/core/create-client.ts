/**
 * What every provider client is made of: an openapi-fetch client over the resilient fetch, an auth
 * middleware, operation labels, and `unwrap()` that turns `{data, error, response}` into data or a typed error.
 */
import createClient, { createQuerySerializer, mergeHeaders, removeTrailingSlash, type Client } from "openapi-fetch";
import { apiPromise, type APIPromise } from "./api-promise.js";
import { checkedNumber } from "./check-option.js";
import { ClientRequest, labelCalls, operationOfResult, type CallFetch } from "./client-request.js";
import { assertPathId } from "./path-id.js";
import { errorFromResponse, type ErrorBodyReader } from "./error-factory.js";
import { InvalidArgumentError } from "./errors.js";
import { redactText, sentHeaderValue } from "./redact.js";
import { DEFAULT_MAX_RETRIES, type CapacityRetry } from "./retry-policy.js";
import { createResilientFetch, wasAlreadyDone, type OperationInfo } from "./resilient-fetch.js";
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
  /** `x-page-size`: the query parameter that sets a list operation's page size, with its schema's bounds. */
  readonly pageSize?: PageSizeFacts;
}

/** The page-size parameter of a list operation: its name and, where its schema states them, `maximum` and `default` (items). */
export interface PageSizeFacts {
  /** The query parameter's name (`limit`, `page_size`). */
  readonly name: string;
  /** The schema's `maximum`: the largest page the API accepts. */
  readonly maximum?: number;
  /** The schema's `default`: the page the API assumes when the parameter is omitted. */
  readonly default?: number;
}

/** The page an iterator asks for: the largest the spec allows (the `maximum`), else the size the API assumes (the `default`). */
export function fullPageSize(pageSize: PageSizeFacts & ({ readonly maximum: number } | { readonly default: number })): number {
  return (pageSize.maximum ?? pageSize.default) as number;
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
  /** Per operation, whether every documented 2xx response has a body (`successBodies` of the same module). */
  successBodies?: Readonly<Record<string, boolean>>;
  /** Reads the provider's error body. */
  readErrorBody: ErrorBodyReader;
  /** Retryable statuses this provider means as "stop now" (Browser Use's 429 concurrency limit). */
  noRetryStatuses?: readonly number[];
  /** Statuses that prove a request was refused without any effect, so even a non-idempotent one may be sent again. Default none. */
  refusedStatuses?: readonly number[];
  /** A longer, separately budgeted retry schedule for capacity statuses (Browser Use's 429 with `retryConcurrencyLimit`). */
  capacityRetry?: CapacityRetry;
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
  /** Retries after the first attempt (after a possible delivery only for idempotent operations). Default 2. */
  maxRetries?: number;
  /** Debug log: `true` prints to stderr, a function receives the lines. Default: env `BROWSER_AGENT_DEBUG=1`. */
  debug?: boolean | ((line: string) => void);
  /** Extra headers sent with every request; a call's own `headers` (`CallOptions`) are merged over them for that call. */
  headers?: Record<string, string>;
  /** Multiplies every wait between attempts (backoff and Retry-After); tests shrink it. Default 1. */
  retryDelayScale?: number;
}

/** The pieces a provider module builds its helpers from. */
export interface ProviderClient<Paths extends Record<string, any>> {
  client: SchemaClient<Paths>;
  /**
   * Returns `data`, or throws the typed error for a non-2xx result. A result {@link ProviderClient.alreadyDone}
   * resolves to `undefined` when the operation's success has no body (a delete).
   */
  unwrap: <R extends SchemaFetchResponse<any, any, any>>(operation: string, result: R) => Data<R>;
  /**
   * Runs one call and resolves to its data (the typed error otherwise) as an {@link APIPromise}, whose
   * `withResponse()` also gives the response. The operation label comes from the schema path the call named.
   */
  send: <R extends SchemaFetchResponse<any, any, any>>(call: () => Promise<R>) => APIPromise<Data<R>>;
  /** `{ data, response }` of one result (the typed error for a non-2xx one), for helpers that build their own {@link APIPromise}. */
  settle: <R extends SchemaFetchResponse<any, any, any>>(result: R) => { data: Data<R>; response: Response };
  /** True when the result answered a resend with an `x-already-done-statuses` status: an earlier attempt did the job. */
  alreadyDone: (result: SchemaFetchResponse<any, any, any>) => boolean;
  /** `text` with the client's key replaced by `[REDACTED]`: for what a helper puts on its own errors. */
  redact: (text: string) => string;
}

/** What {@link ProviderClient.unwrap} resolves a result to. */
export type Data<R extends SchemaFetchResponse<any, any, any>> = NonNullable<R["data"]> | (R extends { data: undefined } ? undefined : never);

/** The value of an environment variable, `undefined` when unset or empty (and where there is no `process`). */
export function readEnv(name: string): string | undefined {
  const value = globalThis.process?.env?.[name];
  return value === undefined || value === "" ? undefined : value;
}

function debugSink(debug: ClientOptions["debug"]): ((line: string) => void) | undefined {
  if (typeof debug === "function") return debug;
  if (debug ?? readEnv(DEBUG_ENV_VAR) === "1") return (line) => console.error(`[debug] ${line}`);
  return undefined;
}

// RFC 9110 section 9.2.2: the methods that are idempotent by definition (for a request no fact describes).
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]);

/**
 * The base URL (the option, else the env var, else the official server), refused when fetch could not send to
 * it: not an absolute http(s) URL (relative only where a page's location resolves it), or one with credentials.
 */
function checkedBaseUrl(definition: ProviderDefinition, option: string | undefined, secrets: readonly string[]): string {
  const fromEnv = option === undefined ? readEnv(definition.baseUrlEnv) : undefined;
  const baseUrl = option ?? fromEnv ?? definition.defaultBaseUrl;
  const source = option !== undefined ? "the `baseUrl` option" : fromEnv !== undefined ? `env ${definition.baseUrlEnv}` : "the default";
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  const url = URL.canParse(baseUrl, page) ? new URL(baseUrl, page) : undefined;
  const refuse = (why: string) => new InvalidArgumentError(redactText(`${definition.name}: the base URL ${why}`, secrets), { provider: definition.name, operation: "createClient" });
  if (url?.username || url?.password) throw refuse(`(${source}) carries a user name or password, which fetch refuses; pass the key as \`apiKey\`.`);
  if (url?.protocol !== "http:" && url?.protocol !== "https:") throw refuse(`${JSON.stringify(baseUrl)} (${source}) is not an absolute http:// or https:// URL.`);
  return baseUrl;
}

/** Builds the openapi-fetch client of a provider with auth, labels, retries and timeouts. */
export function createProviderClient<Paths extends Record<string, any>>(definition: ProviderDefinition, options: ClientOptions = {}): ProviderClient<Paths> {
  // fetch strips the whitespace around a header value (a secret file's trailing newline): the key it sends, and a
  // server may echo, is the trimmed one, so that is the one to send and to redact.
  const given = options.apiKey ?? readEnv(definition.apiKeyEnv);
  const apiKey = given === undefined ? undefined : sentHeaderValue(given);
  if (!apiKey) {
    throw new InvalidArgumentError(
      `${definition.name}: no API key. Pass the \`apiKey\` option or set the ${definition.apiKeyEnv} environment variable.`,
      { provider: definition.name, operation: "createClient" },
    );
  }
  const authHeaders = definition.authHeaders(apiKey);
  const secrets = [apiKey];
  const successBodies = definition.successBodies ?? {};
  // One label per operation, built once.
  const infos = new Map<string, OperationInfo>();
  for (const [operation, facts] of Object.entries(definition.operations)) {
    infos.set(operation, { operation, idempotent: facts.idempotent, alreadyDoneStatuses: facts.alreadyDoneStatuses, successBody: successBodies[operation] ?? false, parseAs: "json" });
  }
  // The label of a call that does not reuse its operation's fetch (below): a copy with the call's parseAs.
  const label = (method: string, schemaPath: string, parseAs: string): OperationInfo => ({
    ...(infos.get(`${method} ${schemaPath}`) ?? { operation: `${method} ${schemaPath}`, idempotent: IDEMPOTENT_METHODS.has(method), alreadyDoneStatuses: [], successBody: false }),
    parseAs,
  });

  const context = { provider: definition.name, operation: "createClient" };
  const fetch = createResilientFetch({
    provider: definition.name,
    fetch: options.fetch ?? globalThis.fetch,
    maxRetries: checkedNumber(context, "maxRetries", options.maxRetries, 0, true) ?? DEFAULT_MAX_RETRIES,
    timeoutMs: checkedNumber(context, "timeoutMs", options.timeoutMs, 1) ?? DEFAULT_TIMEOUT_MS,
    noRetryStatuses: new Set(definition.noRetryStatuses ?? []),
    refusedStatuses: new Set(definition.refusedStatuses ?? []),
    capacityRetry: definition.capacityRetry,
    log: debugSink(options.debug),
    secretHeaders: Object.keys(authHeaders),
    secrets,
    retryDelayScale: checkedNumber(context, "retryDelayScale", options.retryDelayScale, 0),
  });

  const baseUrl = checkedBaseUrl(definition, options.baseUrl, secrets);
  // Built once: openapi-fetch would otherwise build the default serializer again for every call.
  const serializeQuery = createQuerySerializer();
  const querySerializer = (query: Record<string, unknown>) => {
    try {
      return serializeQuery(query);
    } catch (error) {
      // encodeURIComponent's URIError: a value with a lone surrogate (a string cut through an emoji).
      if (!(error instanceof URIError)) throw error;
      throw new InvalidArgumentError(`${definition.name}: a query value holds a lone surrogate (a string cut through an emoji), which no URL can encode`, { provider: definition.name, operation: "query", cause: error });
    }
  };
  // The key goes in the base headers, which openapi-fetch merges into every request anyway.
  const headers = { ...options.headers, ...authHeaders };
  const client = createClient<Paths>({
    baseUrl,
    fetch: fetch as typeof globalThis.fetch,
    // The light request of client-request.ts; calls that a user middleware can see get a platform Request.
    Request: ClientRequest as unknown as typeof Request,
    querySerializer,
    headers,
  });
  // The headers of a direct call (client-request.ts), merged once as openapi-fetch merges them per call.
  const jsonHeaders = Object.fromEntries(mergeHeaders({ "Content-Type": "application/json" }, headers));
  const direct = {
    baseUrl: removeTrailingSlash(baseUrl),
    querySerializer,
    headers: Object.fromEntries(mergeHeaders(headers)),
    jsonHeaders: jsonHeaders["content-type"] === "application/json" ? jsonHeaders : undefined,
  };
  // The call's label comes from the schema path it names, so a middleware's new Request keeps it.
  const fetchOf = (info: OperationInfo, timeoutMs?: unknown, maxRetries?: unknown): CallFetch => {
    const call = { info, timeoutMs, maxRetries };
    return (request) => fetch(request, call);
  };
  // The usual call (JSON, no settings of its own) reuses its operation's fetch, built once and found by
  // schema path then method (a string built per call to look up would cost more than the rest of the label).
  const plainFetches = new Map<string, Record<string, CallFetch>>();
  for (const [operation, info] of infos) {
    const [method, schemaPath] = operation.split(" ") as [string, string];
    plainFetches.set(schemaPath, { ...plainFetches.get(schemaPath), [method]: fetchOf(info) });
  }
  labelCalls(client, (method, schemaPath, init) => {
    const parseAs = init?.parseAs ?? "json";
    const plain = parseAs === "json" && init?.timeoutMs === undefined && init?.maxRetries === undefined ? plainFetches.get(schemaPath)?.[method] : undefined;
    return plain ?? fetchOf(label(method, schemaPath, parseAs), init?.timeoutMs, init?.maxRetries);
  }, (operation, name, value) => assertPathId(definition.name, operation, name, value), direct);

  const unwrap = (operation: string, result: SchemaFetchResponse<any, any, any>) => {
    if (result.response.ok) return result.data;
    // The earlier attempt did it (a delete answered "not found" on the resend): a success with no body.
    // An operation whose success has a body is settled by its helper (a follow-up read), not here.
    if (wasAlreadyDone(result.response) && !infos.get(operation)?.successBody) return undefined;
    throw errorFromResponse({
      provider: definition.name,
      operation,
      response: result.response,
      body: result.error,
      readBody: definition.readErrorBody,
      secrets,
    });
  };
  const settle = <R extends SchemaFetchResponse<any, any, any>>(result: R) => ({
    data: unwrap(operationOfResult(result) ?? "request", result) as Data<R>,
    response: result.response,
  });
  const send = <R extends SchemaFetchResponse<any, any, any>>(call: () => Promise<R>): APIPromise<Data<R>> => apiPromise(() => call().then(settle));
  return {
    client: withSchemaTypes(client as Client<Paths>),
    unwrap: unwrap as ProviderClient<Paths>["unwrap"],
    send,
    settle,
    alreadyDone: (result) => wasAlreadyDone(result.response),
    redact: (text) => redactText(text, secrets),
  };
}
