import { describe, expectTypeOf, it } from "vitest";
import { createThinkRunClient } from "./client.js";
import type { components, CreateSessionResponse, KnownErrorCode, KnownSessionStatus, Session, SessionSummary } from "./index.js";

type Schemas = components["schemas"];
const client = createThinkRunClient({ apiKey: "tr_type_test", fetch: async () => new Response("{}") });

describe("ThinkRun types", () => {
  it("accepts a status the provider adds later in a response", () => {
    expectTypeOf<"paused">().toMatchTypeOf<Session["status"]>();
    expectTypeOf<KnownSessionStatus>().toMatchTypeOf<Session["status"]>();
  });

  // Assignability alone holds for a plain `string` too; these fail if the known values collapse into `string`.
  it("keeps the known values of every open response enum beside any other string", () => {
    expectTypeOf<Session["status"]>().toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf<SessionSummary["status"]>().toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf<CreateSessionResponse["status"]>().toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf<Schemas["SessionHealth"]["status"]>().toEqualTypeOf<"healthy" | (string & {})>();
    expectTypeOf<Schemas["SessionHealth"]["sessionState"]>().toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf<Schemas["ErrorResponse"]["code"]>().toEqualTypeOf<KnownErrorCode | (string & {})>();
    expectTypeOf<Schemas["Artifact"]["type"]>().toEqualTypeOf<"screenshot" | "recording" | (string & {})>();
    expectTypeOf<Schemas["ConsoleLogEntry"]["level"]>().toEqualTypeOf<"log" | "error" | (string & {})>();
    expectTypeOf<Session["status"]>().not.toEqualTypeOf<string>();
  });

  it("keeps them in what the helpers and the raw client return (openapi-fetch's Readable included)", () => {
    expectTypeOf(client.sessions.get).returns.resolves.toHaveProperty("status").toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf(client.sessions.list).returns.resolves.toHaveProperty("sessions").items.toEqualTypeOf<SessionSummary>();
    expectTypeOf(client.sessions.health).returns.resolves.toEqualTypeOf<Schemas["SessionHealth"]>();
    expectTypeOf(client.sessions.console).returns.resolves.toHaveProperty("logs").items.toEqualTypeOf<Schemas["ConsoleLogEntry"]>();
    const rawGet = async () => (await client.GET("/api/sessions/{sessionId}", { params: { path: { sessionId: "id" } } })).data!;
    expectTypeOf(rawGet).returns.resolves.toEqualTypeOf<Session>();
    const rawError = async () => (await client.GET("/api/sessions/{sessionId}", { params: { path: { sessionId: "id" } } })).error!;
    expectTypeOf(rawError).returns.resolves.toHaveProperty("code").toEqualTypeOf<KnownErrorCode | (string & {})>();
  });
});
