import { describe, expectTypeOf, it } from "vitest";
import { createEverrunsClient } from "./client.js";
import type { CancelSessionResult, components, Event, KnownSessionStatus, Message, Session } from "./index.js";

type Schemas = components["schemas"];
const client = createEverrunsClient({ apiKey: "evr_type_test", fetch: async () => new Response("{}") });

describe("Everruns types", () => {
  it("accepts a status the provider adds later in a response", () => {
    expectTypeOf<"archived">().toMatchTypeOf<Session["status"]>();
    expectTypeOf<"session.paused">().toMatchTypeOf<Event["type"]>();
  });

  // Assignability alone holds for a plain `string` too; these fail if the known values collapse into `string`.
  it("keeps the known values of every open response enum beside any other string", () => {
    expectTypeOf<Session["status"]>().toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf<Event["type"]>().toEqualTypeOf<Schemas["EventType"] | (string & {})>();
    expectTypeOf<Message["role"]>().toEqualTypeOf<Schemas["MessageRole"] | (string & {})>();
    expectTypeOf<CancelSessionResult["status"]>().toEqualTypeOf<Schemas["CancelStatus"] | (string & {})>();
    expectTypeOf<Session["status"]>().not.toEqualTypeOf<string>();
  });

  it("keeps them in what the helpers and the raw client return (openapi-fetch's Readable included)", () => {
    expectTypeOf(client.sessions.get).returns.resolves.toHaveProperty("status").toEqualTypeOf<KnownSessionStatus | (string & {})>();
    expectTypeOf(client.sessions.list).returns.resolves.toHaveProperty("data").items.toEqualTypeOf<Session>();
    expectTypeOf(client.messages.list).returns.resolves.toHaveProperty("data").items.toEqualTypeOf<Message>();
    expectTypeOf(client.events.list).returns.resolves.toHaveProperty("data").items.toEqualTypeOf<Event>();
    const rawGet = async () => (await client.GET("/v1/sessions/{session_id}", { params: { path: { session_id: "id" } } })).data!;
    expectTypeOf(rawGet).returns.resolves.toEqualTypeOf<Session>();
  });
});
