import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import type { components, paths } from "../../generated/browser-use/schema.js";
import type { SchemaClient } from "./schema-client.js";

type Session = components["schemas"]["SessionResponse"];
type OpenStatus = components["schemas"]["SessionStatus"] | (string & {});

declare const raw: Client<paths>;
declare const typed: SchemaClient<paths>;
const rawGet = async () => (await raw.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } })).data!;
const typedGet = async () => (await typed.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } })).data!;
const typedError = async () => (await typed.GET("/sessions/{session_id}", { params: { path: { session_id: "id" } } })).error!;

describe("SchemaClient", () => {
  // The reason SchemaClient exists: if openapi-fetch stops mangling `string & {}`, this fails and SchemaClient can go.
  it("is needed: openapi-fetch's own Client turns the open branch of a status into an object type", () => {
    expectTypeOf(rawGet).returns.resolves.toHaveProperty("status").not.toEqualTypeOf<OpenStatus>();
    expectTypeOf(rawGet).returns.resolves.toHaveProperty("status").not.toMatchTypeOf<string>();
  });

  it("returns the schema's own response and error types", () => {
    expectTypeOf(typedGet).returns.resolves.toEqualTypeOf<Session>();
    expectTypeOf(typedGet).returns.resolves.toHaveProperty("status").toEqualTypeOf<OpenStatus>();
    expectTypeOf(typedError).returns.resolves.toEqualTypeOf<components["schemas"]["ErrorDetail"] | components["schemas"]["HTTPValidationError"]>();
  });

  it("keeps openapi-fetch's request typing: required path parameters and closed bodies", () => {
    // @ts-expect-error the path parameter is required
    void typed.GET("/sessions/{session_id}");
    // @ts-expect-error strategy is task or session
    void typed.POST("/sessions/{session_id}/stop", { params: { path: { session_id: "id" } }, body: { strategy: "everything" } });
    // @ts-expect-error not a path of this API
    void typed.GET("/nowhere");
    void typed.GET("/sessions");
    void typed.request("get", "/sessions/{session_id}", { params: { path: { session_id: "id" } } });
  });

  it("types a parseAs other than json as that body type", () => {
    const text = async () => (await typed.GET("/sessions", { parseAs: "text" })).data!;
    expectTypeOf(text).returns.resolves.toEqualTypeOf<string>();
  });
});
