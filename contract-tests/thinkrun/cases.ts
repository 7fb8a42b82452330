/**
 * ThinkRun contract cases: every operation x every documented status, plus requests the mock must reject.
 * ThinkRun documents no validation error (no 400, no 422), so for an invalid request Prism answers with its
 * own 422 problem+json; those cases expect 422 and quote the violation Prism reports (`expect.violation`).
 */
import type { ContractCase } from "../runner/types.js";

const SESSION = "session-abc123";
const session = { sessionId: SESSION };
const artifact = { sessionId: SESSION, name: "extraction-notes" };

type Request = NonNullable<ContractCase["request"]>;
type ErrorStatus = 401 | 402 | 404 | 410 | 413 | 429 | 500 | 502 | 503 | 504;

// Each documented error status with its named example(s) in the spec and the sentence a case reads as.
const ERROR_EXAMPLES: Readonly<Record<ErrorStatus, readonly { example: string; when: string }[]>> = {
  401: [{ example: "invalidApiKey", when: "INVALID_API_KEY for a rejected key" }],
  402: [{ example: "insufficientCredits", when: "INSUFFICIENT_CREDITS when the account is out of credits" }],
  404: [{ example: "sessionNotFound", when: "SESSION_NOT_FOUND for an unknown session" }],
  410: [{ example: "sessionClosed", when: "SESSION_CLOSED for a terminated session" }],
  413: [{ example: "payloadTooLarge", when: "PAYLOAD_TOO_LARGE for content over 500 KB" }],
  429: [{ example: "sessionLimitReached", when: "SESSION_LIMIT_REACHED at the concurrent session limit" }],
  500: [{ example: "internalError", when: "INTERNAL_ERROR on a server failure" }],
  502: [{ example: "browserProtocolError", when: "BROWSER_PROTOCOL_ERROR when the browser answers badly" }],
  503: [
    { example: "browserPoolUnavailable", when: "BROWSER_POOL_UNAVAILABLE when no browser is free" },
    { example: "provisioningFailed", when: "PROVISIONING_FAILED when the machine cannot be provisioned" },
  ],
  504: [{ example: "navigationTimeout", when: "NAVIGATION_TIMEOUT when a navigation does not finish" }],
};

/** One case per documented error example of an operation, served by the mock through `Prefer`. */
function documentedErrors(operationId: string, request: Request, statuses: readonly ErrorStatus[]): ContractCase[] {
  return statuses.flatMap((status) =>
    ERROR_EXAMPLES[status].map(({ example, when }) => ({
      name: `${operationId}: ${status} ${when}`,
      operationId,
      request,
      prefer: { code: status, example },
      expect: { status },
    })),
  );
}

/** The case that sends no `X-API-Key`: the mock (from its security check, not a `Prefer`) and the live API answer 401. */
function missingKey(operationId: string, request: Request = {}): ContractCase {
  return { name: `${operationId}: 401 without an X-API-Key header`, operationId, request: { ...request, withoutAuth: true }, expect: { status: 401, violation: "security" } };
}

// Operations addressed by session id; the four that talk to the live browser also document 502-504.
const SESSION_ERRORS = [401, 404, 410, 500] as const;
const BROWSER_ERRORS = [401, 404, 410, 500, 502, 503, 504] as const;

// 500 KiB in characters: the spec's maxLength (CreateTextArtifactRequest.content).
const CONTENT_MAX_CHARS = 512_000;

export const thinkrunCases: readonly ContractCase[] = [
  // createSession
  { name: "createSession: an empty body creates a session in status creating (201)", operationId: "createSession", request: { body: {} }, prefer: { example: "creating" }, expect: { status: 201 } },
  { name: "createSession: a URL prompt with browser and viewport options is accepted (201)", operationId: "createSession", request: { body: { initialPrompt: "https://example.com", options: { browser: "chromium", viewport: { width: 1280, height: 720 } } } }, expect: { status: 201 } },
  { name: "createSession: the body is optional (201)", operationId: "createSession", expect: { status: 201 }, mockOnly: true },
  ...documentedErrors("createSession", { body: {} }, [401, 402, 429, 500, 502, 503, 504]),
  missingKey("createSession", { body: {} }),
  { name: "createSession: a viewport width given as a string is rejected", operationId: "createSession", request: { body: { options: { viewport: { width: "1280", height: 720 } } } }, expect: { status: 422, violation: "options.viewport.width must be integer" }, mockOnly: true },
  { name: "createSession: a viewport without its height is rejected", operationId: "createSession", request: { body: { options: { viewport: { width: 1280 } } } }, expect: { status: 422, violation: "must have required property 'height'" }, mockOnly: true },

  // listSessions
  { name: "listSessions: 200 with the first page of a long list", operationId: "listSessions", request: { query: { limit: 30, offset: 0 } }, prefer: { example: "onePage" }, expect: { status: 200 } },
  { name: "listSessions: 200 with terminated sessions included", operationId: "listSessions", request: { query: { includeTerminated: true } }, prefer: { example: "withTerminated" }, expect: { status: 200 } },
  { name: "listSessions: 200 with an empty page past the end", operationId: "listSessions", request: { query: { offset: 1000 } }, prefer: { example: "empty" }, expect: { status: 200 } },
  { name: "listSessions: 200 at the bounds, limit 100 and offset 0", operationId: "listSessions", request: { query: { limit: 100, offset: 0 } }, expect: { status: 200 } },
  { name: "listSessions: 200 with no query at all", operationId: "listSessions", expect: { status: 200 } },
  ...documentedErrors("listSessions", {}, [401, 500]),
  missingKey("listSessions"),
  { name: "listSessions: limit 0 is rejected", operationId: "listSessions", request: { query: { limit: 0 } }, expect: { status: 422, violation: "limit must be >= 1" }, mockOnly: true },
  { name: "listSessions: limit 101 is rejected", operationId: "listSessions", request: { query: { limit: 101 } }, expect: { status: 422, violation: "limit must be <= 100" }, mockOnly: true },
  { name: "listSessions: a negative offset is rejected", operationId: "listSessions", request: { query: { offset: -1 } }, expect: { status: 422, violation: "offset must be >= 0" }, mockOnly: true },
  { name: "listSessions: a non-boolean includeTerminated is rejected", operationId: "listSessions", request: { query: { includeTerminated: "yes" } }, expect: { status: 422, violation: "includeTerminated must be boolean" }, mockOnly: true },

  // getSession
  { name: "getSession: 200 for a running session", operationId: "getSession", request: { path: session }, prefer: { example: "running" }, expect: { status: 200 } },
  { name: "getSession: 200 for a provisioning session with no page yet", operationId: "getSession", request: { path: session }, prefer: { example: "provisioning" }, expect: { status: 200 } },
  { name: "getSession: 200 for a completed session", operationId: "getSession", request: { path: session }, prefer: { example: "completed" }, expect: { status: 200 } },
  ...documentedErrors("getSession", { path: session }, SESSION_ERRORS),
  missingKey("getSession", { path: session }),

  // terminateSession
  { name: "terminateSession: 200 with {success, message}", operationId: "terminateSession", request: { path: session }, prefer: { example: "terminated" }, expect: { status: 200 } },
  ...documentedErrors("terminateSession", { path: session }, SESSION_ERRORS),
  missingKey("terminateSession", { path: session }),

  // listSessionActions
  { name: "listSessionActions: 200 with the action log", operationId: "listSessionActions", request: { path: session, query: { offset: 0, limit: 100 } }, prefer: { example: "log" }, expect: { status: 200 } },
  { name: "listSessionActions: 200 with a page holding a failed action", operationId: "listSessionActions", request: { path: session, query: { offset: 10, limit: 2 } }, prefer: { example: "withFailure" }, expect: { status: 200 } },
  ...documentedErrors("listSessionActions", { path: session }, SESSION_ERRORS),
  missingKey("listSessionActions", { path: session }),
  { name: "listSessionActions: a negative offset is rejected", operationId: "listSessionActions", request: { path: session, query: { offset: -1 } }, expect: { status: 422, violation: "offset must be >= 0" }, mockOnly: true },
  { name: "listSessionActions: limit 0 is rejected", operationId: "listSessionActions", request: { path: session, query: { limit: 0 } }, expect: { status: 422, violation: "limit must be >= 1" }, mockOnly: true },

  // getSessionHealth
  { name: "getSessionHealth: 200 for a healthy session", operationId: "getSessionHealth", request: { path: session }, prefer: { example: "healthy" }, expect: { status: 200 } },
  { name: "getSessionHealth: 200 for a session whose browser does not answer", operationId: "getSessionHealth", request: { path: session }, prefer: { example: "unresponsive" }, expect: { status: 200 } },
  ...documentedErrors("getSessionHealth", { path: session }, BROWSER_ERRORS),
  missingKey("getSessionHealth", { path: session }),

  // listSessionConsoleLogs
  { name: "listSessionConsoleLogs: 200 with a log and an error entry", operationId: "listSessionConsoleLogs", request: { path: session }, prefer: { example: "logs" }, expect: { status: 200 } },
  ...documentedErrors("listSessionConsoleLogs", { path: session }, BROWSER_ERRORS),
  missingKey("listSessionConsoleLogs", { path: session }),

  // listSessionNetworkRequests
  { name: "listSessionNetworkRequests: 200 with the captured requests", operationId: "listSessionNetworkRequests", request: { path: session }, prefer: { example: "requests" }, expect: { status: 200 } },
  ...documentedErrors("listSessionNetworkRequests", { path: session }, BROWSER_ERRORS),
  missingKey("listSessionNetworkRequests", { path: session }),

  // listSessionArtifacts
  { name: "listSessionArtifacts: 200 with one screenshot", operationId: "listSessionArtifacts", request: { path: session }, prefer: { example: "screenshot" }, expect: { status: 200 } },
  { name: "listSessionArtifacts: 200 with a screenshot and a recording", operationId: "listSessionArtifacts", request: { path: session }, prefer: { example: "screenshotAndRecording" }, expect: { status: 200 } },
  ...documentedErrors("listSessionArtifacts", { path: session }, SESSION_ERRORS),
  missingKey("listSessionArtifacts", { path: session }),

  // createSessionArtifact
  { name: "createSessionArtifact: 201 with a plain-text artifact", operationId: "createSessionArtifact", request: { path: session, body: { name: "extraction-notes", content: "Pricing page: Starter $19/mo." } }, prefer: { example: "plainText" }, expect: { status: 201 } },
  { name: "createSessionArtifact: 201 with a JSON artifact and metadata", operationId: "createSessionArtifact", request: { path: session, body: { name: "pricing.json", content: '{"starter": 19}', contentType: "application/json", metadata: { step: 7 } } }, prefer: { example: "jsonWithMetadata" }, expect: { status: 201 } },
  { name: "createSessionArtifact: content of exactly 512000 characters is accepted (201)", operationId: "createSessionArtifact", request: { path: session, body: { name: "at-the-limit", content: "x".repeat(CONTENT_MAX_CHARS) } }, expect: { status: 201 }, mockOnly: true },
  ...documentedErrors("createSessionArtifact", { path: session, body: { name: "extraction-notes", content: "x" } }, [401, 404, 410, 413, 500]),
  missingKey("createSessionArtifact", { path: session, body: { name: "extraction-notes", content: "x" } }),
  { name: "createSessionArtifact: a name containing a colon is rejected", operationId: "createSessionArtifact", request: { path: session, body: { name: "run:1", content: "x" } }, expect: { status: 422, violation: "body property name must match pattern" }, mockOnly: true },
  { name: "createSessionArtifact: a body without content is rejected", operationId: "createSessionArtifact", request: { path: session, body: { name: "extraction-notes" } }, expect: { status: 422, violation: "must have required property 'content'" }, mockOnly: true },
  // The limit is 500 KB of bytes, which JSON Schema cannot express: maxLength counts characters. The spec
  // bounds content at 512000 characters, so the mock rejects 512001 of them; content under that many
  // characters but over 500 KB in bytes (non-ASCII text) passes the mock, and only the server's 413
  // PAYLOAD_TOO_LARGE enforces the byte limit (covered by the 413 case above on the mock).
  { name: "createSessionArtifact: content of 512001 characters is rejected", operationId: "createSessionArtifact", request: { path: session, body: { name: "too-big", content: "x".repeat(CONTENT_MAX_CHARS + 1) } }, expect: { status: 422, violation: "content must NOT have more than 512000 characters" }, mockOnly: true },

  // getSessionArtifact
  { name: "getSessionArtifact: 200 with a plain-text artifact", operationId: "getSessionArtifact", request: { path: artifact }, prefer: { example: "plainText" }, expect: { status: 200 } },
  { name: "getSessionArtifact: 200 with a JSON artifact and metadata", operationId: "getSessionArtifact", request: { path: { sessionId: SESSION, name: "pricing.json" } }, prefer: { example: "jsonWithMetadata" }, expect: { status: 200 } },
  ...documentedErrors("getSessionArtifact", { path: artifact }, SESSION_ERRORS),
  missingKey("getSessionArtifact", { path: artifact }),
  { name: "getSessionArtifact: a name containing a colon is rejected", operationId: "getSessionArtifact", request: { path: { sessionId: SESSION, name: "run:1" } }, expect: { status: 422, violation: "path parameter name must match pattern" }, mockOnly: true },

  // deleteSessionArtifact
  { name: "deleteSessionArtifact: 204 with no body", operationId: "deleteSessionArtifact", request: { path: artifact }, expect: { status: 204 }, mockOnly: true },
  ...documentedErrors("deleteSessionArtifact", { path: artifact }, SESSION_ERRORS),
  missingKey("deleteSessionArtifact", { path: artifact }),
  { name: "deleteSessionArtifact: a name containing a colon is rejected", operationId: "deleteSessionArtifact", request: { path: { sessionId: SESSION, name: "run:1" } }, expect: { status: 422, violation: "path parameter name must match pattern" }, mockOnly: true },
];
