import { describe, expectTypeOf, it } from "vitest";
import { createBrowserbaseClient } from "./client.js";
import type { Agent, AgentRun, AgentRunMessage, components, KnownRunStatus } from "./index.js";

const client = createBrowserbaseClient({ apiKey: "bb_type_test", fetch: async () => new Response("{}") });

describe("Browserbase types", () => {
  it("types the helpers from the generated schema", () => {
    expectTypeOf(client.runs.get).returns.resolves.toEqualTypeOf<AgentRun>();
    expectTypeOf(client.runs.stop).returns.resolves.toEqualTypeOf<AgentRun>();
    expectTypeOf(client.agents.create).returns.resolves.toEqualTypeOf<Agent>();
    expectTypeOf(client.agents.delete).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf(client.runs.listAll).returns.toEqualTypeOf<AsyncGenerator<AgentRun, void, undefined>>();
    expectTypeOf(client.agents.listAll).returns.toEqualTypeOf<AsyncGenerator<Agent, void, undefined>>();
    expectTypeOf(client.runs.followMessages).returns.toEqualTypeOf<AsyncGenerator<AgentRunMessage, void, undefined>>();
    expectTypeOf(client.runs.messages).returns.resolves.toEqualTypeOf<components["schemas"]["AgentRunMessageListResponse"]>();
  });

  it("knows the UPPERCASE statuses and still accepts one the provider adds later in a response", () => {
    expectTypeOf<KnownRunStatus>().toEqualTypeOf<"PENDING" | "RUNNING" | "COMPLETED" | "FAILED" | "STOPPED" | "TIMED_OUT">();
    expectTypeOf<"PAUSED">().toMatchTypeOf<AgentRun["status"]>();
  });

  // Assignability alone holds for a plain `string` too; these fail if the known values collapse into `string`.
  it("keeps the known values of every open response enum beside any other string", () => {
    expectTypeOf<AgentRun["status"]>().toEqualTypeOf<KnownRunStatus | (string & {})>();
    expectTypeOf<AgentRunMessage["message"]["role"]>().toEqualTypeOf<components["schemas"]["AgentRunMessageRole"] | (string & {})>();
    expectTypeOf<AgentRun["status"]>().not.toEqualTypeOf<string>();
  });

  it("keeps them in what the helpers and the raw client return (openapi-fetch's Readable included)", () => {
    expectTypeOf(client.runs.get).returns.resolves.toHaveProperty("status").toEqualTypeOf<KnownRunStatus | (string & {})>();
    expectTypeOf(client.runs.list).returns.resolves.toHaveProperty("data").items.toEqualTypeOf<AgentRun>();
    const rawGet = async () => (await client.GET("/v1/agents/runs/{runId}", { params: { path: { runId: "id" } } })).data!;
    expectTypeOf(rawGet).returns.resolves.toEqualTypeOf<AgentRun>();
    expectTypeOf(rawGet).returns.resolves.toHaveProperty("status").toEqualTypeOf<KnownRunStatus | (string & {})>();
  });

  it("closes the status filter to the UPPERCASE enum", () => {
    // @ts-expect-error the status filter is UPPERCASE on the wire
    void client.runs.listAll({ status: "running" });
    // @ts-expect-error not a known status
    void client.runs.list({ status: "CANCELLED" });
    void client.runs.listAll({ status: "RUNNING", agentId: "a", limit: 1000 });
  });

  it("requires a task and rejects unknown properties in a create-run body", () => {
    // @ts-expect-error a run needs a task
    void client.runs.create({ agentId: "a" });
    // @ts-expect-error the body is closed
    void client.runs.create({ task: "x", maxSteps: 10 });
    // @ts-expect-error browserSettings is closed too
    void client.runs.create({ task: "x", browserSettings: { proxy: true } });
    void client.runs.create({ task: "x", browserSettings: { context: { id: "ctx", persist: true }, proxies: true }, variables: { user: { value: "ops" } } });
  });

  it("requires the path parameter on the raw client", () => {
    // @ts-expect-error runId is missing
    void client.GET("/v1/agents/runs/{runId}", { params: { path: {} } });
    void client.GET("/v1/agents/runs/{runId}", { params: { path: { runId: "id" } } });
  });
});
