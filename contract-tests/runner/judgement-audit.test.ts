/**
 * The audit of issue 13, kept true: every constraint a response schema imposes (a `required` name, a
 * `format`, a bound, a `pattern`, `additionalProperties: false`, a closed `enum` or `const`) is either a
 * marked judgement (`x-judgement`) or a documented fact listed below with the docs' words that state it.
 * A spec edit that adds an unstated response constraint without a marker fails here.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { judgements, responseConstraints, type ResponseConstraint } from "./judgements.js";
import type { SpecNode } from "./spec-index.js";

const PROVIDERS = ["browser-use", "browserbase", "thinkrun", "everruns"] as const;
type Provider = (typeof PROVIDERS)[number];
const bundle = (name: Provider): SpecNode => JSON.parse(readFileSync(`generated/${name}/openapi.json`, "utf8")) as SpecNode;

/** A group of documented constraints: `<schema path under #/components/schemas/> <keyword>[ <required name>]`. */
interface Documented {
  /** Where the docs state it (seed page or PROVIDERS.md), in their words. */
  docs: string;
  constraints: string[];
}

const required = (schema: string, names: string) => names.split(" ").map((name) => `${schema} required ${name}`);

/** The documented facts among the response constraints, per provider. Everything else must be marked. */
const DOCUMENTED: Record<Provider, Documented[]> = {
  "browser-use": [
    {
      docs: "Seed 000 describes these without condition as what a session is: its id, lifecycle status, model and timestamps.",
      constraints: required("SessionResponse", "id status model createdAt updatedAt"),
    },
    {
      docs: 'PROVIDERS.md: "ids are UUIDs" (sessions, messages, profiles, workspaces).',
      constraints: ["SessionResponse/properties/id format", "SessionResponse/properties/profileId format", "SessionResponse/properties/workspaceId format", "SessionMessage/properties/id format", "SessionMessage/properties/sessionId format"],
    },
    { docs: "Seed 000 gives the whole proxyCountryCode enum on the response field.", constraints: ["ProxyCountryCode enum"] },
    { docs: "Seed 000 gives the decimal pattern on every money and bandwidth field of the response.", constraints: ["DecimalString pattern"] },
    { docs: "PROVIDERS.md: GET /sessions returns `{sessions, total, page, pageSize}` (no field marked optional).", constraints: required("SessionListResponse", "sessions total page pageSize") },
    { docs: "PROVIDERS.md: messages return `{messages, hasMore}`.", constraints: required("SessionMessageListResponse", "messages hasMore") },
    {
      docs: "PROVIDERS.md: a message has id, sessionId, role, data, type, summary, screenshotUrl (nullable), hidden, createdAt.",
      constraints: required("SessionMessage", "id sessionId role data type summary screenshotUrl hidden createdAt"),
    },
    {
      docs: 'PROVIDERS.md: 422 is `{"detail": [{"loc", "msg", "type"}]}`, other errors `{"detail": "<message>"}`.',
      constraints: [...required("HTTPValidationError", "detail"), ...required("ValidationErrorItem", "loc msg type"), ...required("ErrorDetail", "detail")],
    },
  ],
  browserbase: [
    { docs: "PROVIDERS.md: lists return `{data, limit, nextCursor (null at the end)}`.", constraints: [...required("AgentListResponse", "data limit nextCursor"), ...required("AgentRunListResponse", "data limit nextCursor")] },
    { docs: "PROVIDERS.md: Agent has agentId, name, createdAt, updatedAt; systemPrompt and resultSchema optional.", constraints: required("Agent", "agentId name createdAt updatedAt") },
    { docs: "PROVIDERS.md: errors are `{statusCode, error, message}` (Fastify's shape).", constraints: required("ErrorResponse", "statusCode error message") },
    { docs: "Seed 002 marks runId, task, status, createdAt, updatedAt required.", constraints: required("AgentRun", "runId task status createdAt updatedAt") },
    {
      docs: "Seed 002 types createdAt, updatedAt, startedAt, endedAt `string<date-time>`.",
      constraints: ["AgentRun/properties/createdAt format", "AgentRun/properties/updatedAt format", "AgentRun/properties/startedAt format", "AgentRun/properties/endedAt format"],
    },
    { docs: "PROVIDERS.md: cause is `{code (≤64 chars), message? (≤500)}`.", constraints: ["AgentRunCause required code", "AgentRunCause/properties/code maxLength", "AgentRunCause/properties/message maxLength"] },
    {
      docs: "PROVIDERS.md: run messages return `{data: [{id, createdAt, message: {role, content}}], nextSince}`.",
      constraints: [...required("AgentRunMessageListResponse", "data nextSince"), ...required("AgentRunMessage", "id createdAt message"), ...required("AgentRunMessage/properties/message", "role content")],
    },
  ],
  thinkrun: [
    {
      docs: "Seed 003: each list operation returns its collection (sessions, actions with timestamps and success status, artifacts with signed download URLs, console entries, network requests).",
      constraints: [
        "SessionListResponse required sessions",
        "SessionActionListResponse required actions",
        "SessionAction required timestamp",
        "SessionAction required success",
        "ArtifactListResponse required artifacts",
        "Artifact required publicUrl",
        "ConsoleLogListResponse required logs",
        "NetworkRequestListResponse required requests",
      ],
    },
    {
      docs: "Seed 003: a session's id and status (create \"returns immediately with status 'creating'\"; every other call takes the id); get includes the action count; health returns the session state and browser responsiveness.",
      constraints: [
        ...required("CreateSessionResponse", "sessionId status"),
        ...required("SessionSummary", "sessionId status"),
        ...required("Session", "sessionId status actionCount"),
        ...required("SessionHealth", "sessionState browserResponsive"),
      ],
    },
    { docs: "PROVIDERS.md: text artifacts return `{name, content, contentType, createdAt}`.", constraints: required("TextArtifact", "name content contentType createdAt") },
    {
      docs: 'PROVIDERS.md: errors are `{"success": false, "error", "code", "hint"}`.',
      constraints: [...required("ErrorResponse", "success error code"), "ErrorResponse/properties/success enum"],
    },
  ],
  everruns: [
    { docs: "PROVIDERS.md: GET /v1/sessions returns `{data, total, offset, limit}`.", constraints: required("SessionListResponse", "data total offset limit") },
    { docs: "Seed 004 marks agent_id, created_at, id, organization_id, status, updated_at required.", constraints: required("Session", "agent_id created_at id organization_id status updated_at") },
    {
      docs: "Seed 004 types created_at, finished_at, started_at, updated_at `string format: date-time`.",
      constraints: ["Session/properties/created_at format", "Session/properties/finished_at format", "Session/properties/started_at format", "Session/properties/updated_at format"],
    },
    {
      docs: "Seed 004 gives the id formats `agent_{32-hex}`, `session_{32-hex}`, `model_{32-hex}`, `org_{32-hex}` (widened to 31 digits for the docs' own examples).",
      constraints: ["AgentId pattern", "SessionId pattern", "ModelId pattern", "OrganizationId pattern"],
    },
    { docs: "Seed 004 marks a capability's ref required.", constraints: ["AgentCapabilityConfig required ref"] },
    { docs: "PROVIDERS.md: usage is null or `{input_tokens, output_tokens, cache_creation_tokens?, cache_read_tokens?}`.", constraints: required("TokenUsage", "input_tokens output_tokens") },
    {
      docs: 'PROVIDERS.md: errors are `{"error": "<message>"}`; cancel returns `{status, message}`; messages and events return `{data}`.',
      constraints: [...required("ErrorResponse", "error"), ...required("CancelSessionResponse", "status message"), ...required("MessageListResponse", "data"), ...required("EventListResponse", "data")],
    },
    { docs: "PROVIDERS.md: a message is created with `content: ContentPart[]` (required; role is optional).", constraints: ["Message required content"] },
    {
      docs: "PROVIDERS.md: content parts are tagged by `type`: text {text}, image, image_file {image_id}, tool_call {id, name, arguments}, tool_result {tool_call_id}. The tag enums are openapi-typescript's rewrite of each variant's `const`.",
      constraints: [
        ...required("TextContentPart", "type text"),
        "TextContentPart/properties/type enum",
        "ImageContentPart required type",
        "ImageContentPart/properties/type const",
        "ImageContentPart/allOf/1 required type",
        "ImageContentPart/allOf/1/properties/type enum",
        ...required("ImageFileContentPart", "type image_id"),
        "ImageFileContentPart/properties/type enum",
        ...required("ToolCallContentPart", "type id name arguments"),
        "ToolCallContentPart/properties/type enum",
        ...required("ToolResultContentPart", "type tool_call_id"),
        "ToolResultContentPart/properties/type enum",
      ],
    },
    { docs: "PROVIDERS.md: an event has id, type, ts, session_id, context, data, sequence.", constraints: required("Event", "id type ts session_id context data sequence") },
  ],
};

/** How many judgements each bundle marks (a required name counts once): the audit's result, published with the spec. */
const MARKED: Record<Provider, number> = { "browser-use": 32, browserbase: 8, thinkrun: 42, everruns: 21 };

const SCHEMAS = "#/components/schemas/";
const label = (c: ResponseConstraint) => `${c.pointer.startsWith(SCHEMAS) ? c.pointer.slice(SCHEMAS.length) : c.pointer} ${c.keyword}${c.property === undefined ? "" : ` ${c.property}`}`;

/** What the audit finds wrong in a bundle: unmarked unlisted constraints, marked-and-listed ones, stale entries. */
function audit(name: Provider, doc: SpecNode): { unlisted: string[]; markedAndListed: string[]; stale: string[] } {
  const constraints = responseConstraints(doc);
  const documented = new Set(DOCUMENTED[name].flatMap((d) => d.constraints));
  const unmarked = constraints.filter((c) => c.reason === undefined).map(label);
  return {
    unlisted: unmarked.filter((c) => !documented.has(c)),
    markedAndListed: constraints.filter((c) => c.reason !== undefined && documented.has(label(c))).map(label),
    stale: [...documented].filter((c) => !unmarked.includes(c)),
  };
}

describe("judgement audit of the response schemas", () => {
  it.each(PROVIDERS)("%s: every response constraint is a marked judgement or a documented fact listed with the docs' words", (name) => {
    expect(audit(name, bundle(name))).toEqual({ unlisted: [], markedAndListed: [], stale: [] });
  });

  it("counts the judgement markers per provider, and each marks a response constraint", () => {
    const counts = Object.fromEntries(PROVIDERS.map((name) => [name, judgements(bundle(name)).length]));
    expect(counts).toEqual(MARKED);
    for (const name of PROVIDERS) {
      const marked = responseConstraints(bundle(name)).filter((c) => c.reason !== undefined);
      expect(marked.length, name).toBe(MARKED[name]);
    }
  });

  it("the response's page size and offset no longer carry the query parameters' bounds", () => {
    const bounds = (name: Provider, schema: string) =>
      responseConstraints(bundle(name))
        .filter((c) => c.pointer.startsWith(`${SCHEMAS}${schema}/properties/`) && ["minimum", "maximum"].includes(c.keyword))
        .map(label);
    expect(bounds("browserbase", "AgentListResponse")).toEqual([]);
    expect(bounds("browserbase", "AgentRunListResponse")).toEqual([]);
    expect(bounds("everruns", "SessionListResponse")).toEqual(["SessionListResponse/properties/total minimum"]);
    expect(bounds("browser-use", "SessionListResponse")).toEqual(["SessionListResponse/properties/total minimum"]);
  });

  it("a response bound added without a marker fails the audit, naming it; a marker on a documented fact does too", () => {
    const doc = bundle("thinkrun");
    doc.components.schemas.NetworkRequest.properties.status.maximum = 599;
    doc.components.schemas.TextArtifact["x-judgement"] = { required: { name: "Assumed." } };
    expect(audit("thinkrun", doc)).toEqual({
      unlisted: ["NetworkRequest/properties/status maximum"],
      markedAndListed: ["TextArtifact required name"],
      stale: ["TextArtifact required name"],
    });
  });
});
