/**
 * A case sent to a live target that answers with a redirect: the redirect is the API's answer, checked
 * against the spec like any other, and the key is not carried to the server the redirect names.
 */
import { describe, expect, it } from "vitest";
import { respond } from "../../src/core/testing/fault-server.js";
import { faultServers } from "../../src/core/testing/on-the-wire.js";
import { CONTRACT_PROVIDERS } from "./providers.js";
import { runCase } from "./run-case.js";
import { specFor } from "./suite.js";

const serve = faultServers();
const KEY = "live_key_that_stays_home_0123";

describe("a live case answered with a redirect", () => {
  it.each(CONTRACT_PROVIDERS.map((provider) => ({ name: provider.definition.name, provider })))(
    "$name: reports the 3xx the API sent (no such status in the spec) and sends nothing to the Location",
    async ({ provider }) => {
      const spec = specFor(provider);
      const contractCase = provider.cases.find((c) => c.expect.status === 200 && !c.prefer && !c.request?.path && spec.operation(c.operationId).method === "get");
      if (!contractCase) throw new Error(`${provider.definition.name}: no GET case without path parameters`);
      const elsewhere = await serve([respond(200, {})]);
      const api = await serve([respond(302, undefined, { location: `${elsewhere.url}/collect` })]);
      const result = await runCase(provider.definition.name, spec, { kind: "live", baseUrl: api.url, headers: provider.definition.authHeaders(KEY) }, contractCase);
      expect(result.status).toBe(302);
      expect(result.failures.map((f) => f.check)).toContain("statusCodeConformance");
      expect(api.requests).toHaveLength(1);
      expect(JSON.stringify(api.requests[0]!.headers)).toContain(KEY);
      expect(elsewhere.requests).toHaveLength(0);
    },
  );
});
