/**
 * The drifts the drift drill plants (issue 13): per kind, one edit of a provider's docs-only spec (judgements
 * stripped) that puts the drift on the wire of a static-mode stand-in, in the examples it serves and in the
 * schema it serves them under, and the one finding a live run must report for it. The classifier judges
 * against the bundled spec, never against the edited copy. Breaking kinds edit documented facts (the audit's
 * list in runner/judgement-audit.test.ts), never a judgement-marked constraint.
 */
import type { SpecNode } from "../runner/spec-index.js";
import type { FindingKind, Severity } from "./findings.js";

/** One planted drift: where, how, and what the run must report. */
export interface PlantedDrift {
  /** The kind of drift, as a behaviour phrase. */
  name: string;
  provider: string;
  /** Edits the served copy of the docs-only spec in place. */
  plant: (doc: SpecNode) => void;
  /** The one finding a live run reports. */
  finding: { kind: FindingKind; severity: Severity; specPointer: string; subject: string; operations: string[] };
  /** The drift on the wire: `operationId` answered `status` (with this media type, when given) and a JSON body that `shows` it. */
  wire: { operationId: string; status: number; mediaType?: string; shows: (body: SpecNode) => boolean };
}

const examples = (doc: SpecNode): Record<string, { value: SpecNode }> => doc.components.examples;
const schemas = (doc: SpecNode): Record<string, SpecNode> => doc.components.schemas;

/** Every AgentRun a Browserbase example shows: single runs and the items of run pages. */
function agentRuns(doc: SpecNode): SpecNode[] {
  return Object.values(examples(doc)).flatMap(({ value }) => (Array.isArray(value?.data) ? value.data : value?.runId !== undefined ? [value] : [])).filter((v: SpecNode) => v.runId !== undefined);
}

/** The drifts, spread over the four providers. */
export const PLANTED_DRIFTS: readonly PlantedDrift[] = [
  {
    name: "a new response property",
    provider: "browserbase",
    plant: (doc) => {
      examples(doc).AgentPriceChecker!.value.region = "us-west-2";
    },
    finding: { kind: "undocumented-property", severity: "additive", specPointer: "#/components/schemas/Agent/properties", subject: "region", operations: ["createAgent", "getAgent"] },
    wire: { operationId: "getAgent", status: 200, shows: (agent) => agent.region === "us-west-2" },
  },
  {
    name: "a removed documented required property",
    provider: "browserbase",
    plant: (doc) => {
      // The run's `task` is required in the docs (seed 002); the drifted API no longer sends it at all.
      for (const run of agentRuns(doc)) delete run.task;
      const run = schemas(doc).AgentRun!;
      delete run.properties.task;
      run.required = (run.required as string[]).filter((name) => name !== "task");
    },
    finding: { kind: "property-never-seen", severity: "breaking", specPointer: "#/components/schemas/AgentRun/properties/task", subject: "task", operations: ["createAgentRun", "getAgentRun", "listAgentRuns", "stopAgentRun"] },
    wire: { operationId: "getAgentRun", status: 200, shows: (run) => typeof run.runId === "string" && !("task" in run) },
  },
  {
    name: "a type change",
    provider: "browser-use",
    plant: (doc) => {
      for (const message of examples(doc).SessionMessagesPage!.value.messages) message.hidden = String(message.hidden);
      schemas(doc).SessionMessage!.properties.hidden.type = "string";
    },
    finding: { kind: "wrong-type", severity: "breaking", specPointer: "#/components/schemas/SessionMessage/properties/hidden", subject: "string", operations: ["listSessionMessages"] },
    wire: { operationId: "listSessionMessages", status: 200, shows: (page) => page.messages.some((m: SpecNode) => m.hidden === "false") },
  },
  {
    name: "a field turned nullable",
    provider: "browser-use",
    plant: (doc) => {
      examples(doc).SessionMessagesPage!.value.messages[1].data = null;
      schemas(doc).SessionMessage!.properties.data.type = ["string", "null"];
    },
    finding: { kind: "null-not-nullable", severity: "breaking", specPointer: "#/components/schemas/SessionMessage/properties/data", subject: "null", operations: ["listSessionMessages"] },
    wire: { operationId: "listSessionMessages", status: 200, shows: (page) => page.messages.some((m: SpecNode) => m.data === null) },
  },
  {
    name: "a new value of an open enum",
    provider: "thinkrun",
    plant: (doc) => {
      examples(doc).SessionListPage!.value.sessions[0].status = "paused";
    },
    finding: { kind: "value-outside-enum", severity: "additive", specPointer: "#/components/schemas/SessionSummary/properties/status", subject: '"paused"', operations: ["listSessions"] },
    wire: { operationId: "listSessions", status: 200, shows: (page) => page.sessions.some((x: SpecNode) => x.status === "paused") },
  },
  {
    name: "a new value of a closed enum",
    provider: "everruns",
    plant: (doc) => {
      // A content part type the docs do not list: the tagged union is closed (a documented fact).
      const part = examples(doc).MessageListPage!.value.data[0].content[0];
      part.type = "audio";
    },
    finding: { kind: "value-outside-enum", severity: "breaking", specPointer: "#/components/schemas/ContentPart", subject: '"audio"', operations: ["listSessionMessages"] },
    wire: { operationId: "listSessionMessages", status: 200, shows: (page) => page.data.some((m: SpecNode) => m.content.some((part: SpecNode) => part.type === "audio")) },
  },
  {
    name: "a documented required field turned optional",
    provider: "everruns",
    plant: (doc) => {
      // Absent from one session of the list, present in the other: required in the docs (seed 004), optional on the wire.
      delete examples(doc).SessionListPage!.value.data[1].organization_id;
      const session = schemas(doc).Session!;
      session.required = (session.required as string[]).filter((name) => name !== "organization_id");
    },
    finding: { kind: "missing-required-field", severity: "breaking", specPointer: "#/components/schemas/Session/properties/organization_id", subject: "organization_id", operations: ["listSessions"] },
    wire: { operationId: "listSessions", status: 200, shows: (page) => page.data.some((x: SpecNode) => !("organization_id" in x)) && page.data.some((x: SpecNode) => "organization_id" in x) },
  },
  {
    name: "an error body moved to application/problem+json",
    provider: "thinkrun",
    plant: (doc) => {
      const notFound = doc.components.responses.SessionNotFound;
      notFound.content = { "application/problem+json": notFound.content["application/json"] };
    },
    finding: {
      kind: "undocumented-content-type",
      severity: "breaking",
      specPointer: "#/components/responses/SessionNotFound/content",
      subject: "application/problem+json",
      // The safe negative requests: an unknown id on every read that documents this 404.
      operations: ["getSession", "getSessionHealth", "listSessionActions", "listSessionArtifacts", "listSessionConsoleLogs", "listSessionNetworkRequests"],
    },
    wire: { operationId: "getSession", status: 404, mediaType: "application/problem+json", shows: (error) => error.code === "SESSION_NOT_FOUND" },
  },
  {
    name: "a new status code",
    provider: "everruns",
    plant: (doc) => {
      // The message create answers 202 Accepted where the docs say 201.
      const responses = doc.paths["/v1/sessions/{session_id}/messages"].post.responses;
      responses["202"] = responses["201"];
      delete responses["201"];
    },
    finding: { kind: "undocumented-status", severity: "breaking", specPointer: "#/paths/~1v1~1sessions~1{session_id}~1messages/post/responses", subject: "202", operations: ["createSessionMessage"] },
    wire: { operationId: "createSessionMessage", status: 202, shows: (message) => message.role === "user" },
  },
  {
    name: "a violated judgement",
    provider: "thinkrun",
    plant: (doc) => {
      // `minimum: 0` on the screenshot count is our assumption (x-judgement), not the docs'.
      examples(doc).SessionRunning!.value.screenshotCount = -1;
    },
    finding: { kind: "schema-violation", severity: "judgement", specPointer: "#/components/schemas/Session/properties/screenshotCount", subject: "", operations: ["getSession"] },
    wire: { operationId: "getSession", status: 200, shows: (session) => session.screenshotCount === -1 },
  },
];
