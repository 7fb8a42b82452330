import { describe, expectTypeOf, it } from "vitest";
import { createBrowserUseClient, type Session } from "../browser-use/index.js";
import { createEverrunsClient, type Event } from "../everruns/index.js";
import type { APIPromise, CallOptions, WithResponse } from "./index.js";

describe("helper result types", () => {
  it("a one-request helper is an APIPromise whose withResponse resolves to data, response and request id", () => {
    const client = createBrowserUseClient({ apiKey: "k" });
    expectTypeOf(client.sessions.get("id")).toEqualTypeOf<APIPromise<Session>>();
    expectTypeOf(client.sessions.get("id").withResponse()).resolves.toEqualTypeOf<WithResponse<Session>>();
    expectTypeOf<WithResponse<Session>["response"]>().toEqualTypeOf<Response>();
    expectTypeOf(client.sessions.delete("id")).resolves.toEqualTypeOf<void>();
  });

  it("every helper takes the shared CallOptions last, and a wrong option is a type error", () => {
    const client = createEverrunsClient({ apiKey: "k" });
    expectTypeOf(client.sessions.cancel).parameter(1).toEqualTypeOf<CallOptions | undefined>();
    expectTypeOf(client.events.listAll("s")).toEqualTypeOf<AsyncGenerator<Event, void, undefined>>();
    // @ts-expect-error: not a per-call option
    void client.sessions.get("s", { retries: 1 });
  });
});
