import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "./errors.js";

const error = new NotFoundError("browser-use GET /sessions/{session_id} failed with HTTP 404", {
  provider: "browser-use",
  operation: "GET /sessions/{session_id}",
  status: 404,
  providerMessage: "Session not found",
  body: { detail: "Session not found", internal: "body-only-marker" },
});

describe("errors in Node's util.inspect", () => {
  it("shows the stack and the secret-free view, not the raw fields such as the body", () => {
    const shown = inspect(error);
    expect(shown.startsWith(`NotFoundError: ${error.message}\n`)).toBe(true);
    expect(shown).toContain("providerMessage: 'Session not found'");
    expect(shown).toContain("status: 404");
    expect(shown).not.toContain("body-only-marker");
  });

  it("passes the caller's inspect options on to the view (colors)", () => {
    expect(inspect(error, { colors: true })).toContain("\u001b[33m404\u001b[39m");
    expect(inspect(error, { colors: false })).not.toContain("\u001b[");
  });
});
