import { describe, expect, it } from "vitest";
import { BrowserAgentError, InvalidArgumentError } from "./errors.js";
import { assertPathId } from "./path-id.js";

describe("assertPathId", () => {
  it.each(["3f2c9a8e-1b7d-4c6e-9f0a-5d4b3c2a1e0f", "a/b", "...", ".hidden", "id with spaces"])("returns %j unchanged (encoding is openapi-fetch's job)", (id) => {
    expect(assertPathId("browser-use", "GET /sessions/{session_id}", "sessionId", id)).toBe(id);
  });

  it.each([[""], ["   "], ["."], [".."], [undefined], [null], [42]])("throws InvalidArgumentError for %j before any request", (id) => {
    const call = () => assertPathId("browser-use", "GET /sessions/{session_id}", "sessionId", id);
    expect(call).toThrow(InvalidArgumentError);
    expect(call).toThrow(BrowserAgentError);
    expect(call).toThrow(/browser-use GET \/sessions\/\{session_id\}: sessionId must be a non-empty id/);
  });

  it("names the operation and the provider on the error", () => {
    try {
      assertPathId("browser-use", "DELETE /sessions/{session_id}", "sessionId", "..");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ provider: "browser-use", operation: "DELETE /sessions/{session_id}", status: undefined });
    }
  });
});
