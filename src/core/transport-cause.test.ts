import { describe, expect, it } from "vitest";
import { rootCause } from "./transport-cause.js";

const systemError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

describe("rootCause", () => {
  it("names the system error under fetch's TypeError, with its code and address", () => {
    const refused = systemError("connect ECONNREFUSED 127.0.0.1:45913", { code: "ECONNREFUSED", address: "127.0.0.1", port: 45913 });
    expect(rootCause(new TypeError("fetch failed", { cause: refused }))).toBe("connect ECONNREFUSED 127.0.0.1:45913");
  });

  it("adds the code and the remote address when the message has neither", () => {
    const socket = systemError("other side closed", { code: "UND_ERR_SOCKET", socket: { remoteAddress: "127.0.0.1", remotePort: 8080 } });
    expect(rootCause(new TypeError("terminated", { cause: socket }))).toBe("UND_ERR_SOCKET other side closed (127.0.0.1:8080)");
  });

  it("lists every address of a multi-address connect", () => {
    const aggregate = new AggregateError(
      [
        systemError("connect ECONNREFUSED ::1:443", { code: "ECONNREFUSED", address: "::1", port: 443 }),
        systemError("connect ETIMEDOUT 10.0.0.1:443", { code: "ETIMEDOUT", address: "10.0.0.1", port: 443 }),
      ],
      "",
    );
    expect(rootCause(new TypeError("fetch failed", { cause: aggregate }))).toBe("connect ECONNREFUSED ::1:443; connect ETIMEDOUT 10.0.0.1:443");
  });

  it("names the host of a failed DNS lookup, and falls back to the message of an error with no cause", () => {
    const dns = systemError("getaddrinfo ENOTFOUND api.example.test", { code: "ENOTFOUND", hostname: "api.example.test" });
    expect(rootCause(new TypeError("fetch failed", { cause: dns }))).toBe("getaddrinfo ENOTFOUND api.example.test");
    expect(rootCause(new Error("boom"))).toBe("boom");
    expect(rootCause("weird")).toBe("weird");
  });
});
