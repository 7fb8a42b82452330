import { describe, expectTypeOf, it } from "vitest";
import { createBrowserUseClient } from "./client.js";
import type { components } from "./index.js";
import type { KnownSessionStatus, Session } from "./statuses.js";

type SessionMessage = components["schemas"]["SessionMessage"];

const client = createBrowserUseClient({ apiKey: "bu_type_test", fetch: async () => new Response("{}") });

describe("Browser Use types", () => {
  it("keeps money fields as strings", () => {
    expectTypeOf<Session["totalCostUsd"]>().toEqualTypeOf<string>();
  });

  it("accepts a known status and still any string the provider adds later", () => {
    expectTypeOf<"running">().toMatchTypeOf<Session["status"]>();
    expectTypeOf<"paused_for_review">().toMatchTypeOf<Session["status"]>();
    expectTypeOf<components["schemas"]["SessionStatus"]>().toEqualTypeOf<"created" | "idle" | "running" | "stopped" | "timed_out" | "error">();
  });

  // `Known | string` is plain `string` to TypeScript (no completions, no known values): each of these fails then.
  it("keeps the known values of every open response enum beside any other string", () => {
    expectTypeOf<Session["status"]>().toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf<Session["model"]>().toEqualTypeOf<components["schemas"]["BuModel"] | (string & {})>();
    expectTypeOf<SessionMessage["role"]>().toEqualTypeOf<"human" | "ai" | (string & {})>();
    expectTypeOf<SessionMessage["type"]>().toEqualTypeOf<
      "user_message" | "assistant_message" | "browser_action" | "browser_action_result" | "planning" | "completion" | (string & {})
    >();
    expectTypeOf<Session["status"]>().not.toEqualTypeOf<string>();
  });

  it("keeps them in what the helpers and the raw client return (openapi-fetch's Readable included)", () => {
    expectTypeOf(client.sessions.get).returns.resolves.toHaveProperty("status").toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf(client.sessions.list).returns.resolves.toHaveProperty("sessions").items.toEqualTypeOf<Session>();
    expectTypeOf(client.sessions.messages).returns.resolves.toHaveProperty("messages").items.toEqualTypeOf<SessionMessage>();
    const rawGet = async () => (await client.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } })).data!;
    expectTypeOf(rawGet).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf(rawGet).returns.resolves.toHaveProperty("model").toEqualTypeOf<components["schemas"]["BuModel"] | (string & {})>();
  });

  it("rejects an unknown model or country in a create body", () => {
    // @ts-expect-error gpt-4o is not a Browser Use model
    void client.sessions.create({ model: "gpt-4o" });
    // @ts-expect-error the enum is lowercase
    void client.sessions.create({ proxyCountryCode: "US" });
    // @ts-expect-error gb is not in the provider's list (it has uk)
    void client.sessions.create({ proxyCountryCode: "gb" });
    void client.sessions.create({ model: "bu-mini", proxyCountryCode: "uk", maxCostUsd: "0.50" });
  });

  it("requires the path parameter on the raw client", () => {
    // @ts-expect-error session_id is missing
    void client.GET("/sessions/{session_id}", { params: { path: {} } });
    void client.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } });
  });

  it("rejects an unknown stop strategy", () => {
    // @ts-expect-error only task or session
    void client.sessions.stop("id", "everything");
  });
});
