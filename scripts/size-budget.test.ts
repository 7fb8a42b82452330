import { describe, expect, it } from "vitest";
import { bundle, PROVIDERS, SIZE_BUDGET_BYTES } from "../bench/size.js";

// Sizes are deterministic (one esbuild build, gzip level 9), so this is a plain assertion, not a timed one.
describe("bundle size budget", () => {
  it.each(PROVIDERS)("keeps the %s entry, with everything it imports, within its min+gzip budget", async (provider) => {
    expect(SIZE_BUDGET_BYTES[provider], `src/${provider}/index.ts has no budget in bench/size.ts SIZE_BUDGET_BYTES`).toBeTypeOf("number");
    const { gzipBytes } = await bundle({ file: `src/${provider}/index.ts` });
    expect(gzipBytes, `src/${provider}/index.ts is ${gzipBytes} B min+gzip; its budget in bench/size.ts is ${SIZE_BUDGET_BYTES[provider]} B`).toBeLessThanOrEqual(SIZE_BUDGET_BYTES[provider]!);
  });

  it("measures a bundle that grows when an entry imports more", async () => {
    const entry = await bundle({ file: "src/everruns/index.ts" });
    const core = await bundle({ file: "src/core/index.ts" });
    expect(entry.gzipBytes).toBeGreaterThan(core.gzipBytes);
    expect(entry.contributors.map(([name]) => name)).toContain("openapi-fetch");
  });
});
