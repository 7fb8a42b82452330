/** The contract-case table format and what running a case produces. */

/** Where cases are sent: a base URL and the headers that authenticate there. A plug: mock or live. */
export interface Target {
  /** `mock` or `live`. */
  kind: "mock" | "live";
  baseUrl: string;
  /** Auth headers for this target (never printed). */
  headers: Record<string, string>;
  /** How long each call waits for its answer, in ms (default `CASE_TIMEOUT_MS`, 30 s). */
  timeoutMs?: number;
}

/** One contract case: data, not code. The same table runs on every target. */
export interface ContractCase {
  /** A behaviour sentence, e.g. `getSession: 404 for an unknown id`. */
  name: string;
  operationId: string;
  request?: {
    /** Path parameters by name (inserted encoded). */
    path?: Record<string, string>;
    query?: Record<string, string | number | boolean>;
    /** A JSON body, serialised as is. */
    body?: unknown;
    /** A raw body string (malformed JSON cases); wins over `body`. */
    rawBody?: string;
    headers?: Record<string, string>;
    /** Send no auth headers at all. */
    withoutAuth?: boolean;
  };
  /** Prism's `Prefer` header: which documented response to serve. Mock-only by nature. */
  prefer?: { code?: number; example?: string };
  expect: {
    status: number;
    /** For a request the mock must reject: a fragment of the violation Prism reports in `sl-violations`. */
    violation?: string;
  };
  /** Only meaningful against the mock (relies on the mock's request validation or fixtures); never sent live. */
  mockOnly?: boolean;
}

/** The observed response of a case. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
  /** Media type without parameters, lowercased; empty when absent. */
  mediaType: string;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  json: unknown;
  jsonError?: string;
}

/** One failed check. */
export interface CheckFailure {
  check: string;
  message: string;
}

/** The result of running one case. */
export interface CaseResult {
  provider: string;
  case: ContractCase;
  operation: string;
  status?: number;
  failures: CheckFailure[];
  durationMs: number;
}
