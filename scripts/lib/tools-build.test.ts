/** The tooling's imports, rewritten for its place in the package (dist/tools/). */
import { describe, expect, it } from "vitest";
import { rewriteSpecifiers } from "./tools-build.js";

describe("rewriting the tooling's imports", () => {
  it("an import of the clients' sources points at the client build in dist/, declarations and dynamic imports too", () => {
    const code = 'import { redactValue } from "../../src/core/redact.js";\nexport type X = import("../../src/core/errors.js").BrowserAgentError;\nconst m = await import("../../src/browser-use/provider.js");';
    expect(rewriteSpecifiers(code, "contract-tests/drift/report.js")).toBe(
      'import { redactValue } from "../../../core/redact.js";\nexport type X = import("../../../core/errors.js").BrowserAgentError;\nconst m = await import("../../../browser-use/provider.js");',
    );
  });

  it("imports inside the tooling stay as they are; generated/ points at the package's generated types", () => {
    expect(rewriteSpecifiers('export * from "./args.js";\nimport "../contract-tests/runner/suite.js";', "cli/api.js")).toBe('export * from "./args.js";\nimport "../contract-tests/runner/suite.js";');
    expect(rewriteSpecifiers('import type { paths } from "../../generated/browser-use/schema.js";', "contract-tests/runner/x.d.ts")).toBe('import type { paths } from "../../../../generated/browser-use/schema.js";');
  });

  it("an import of something the package does not ship fails the build", () => {
    expect(() => rewriteSpecifiers('import { timed } from "../scripts/lib/steps.js";', "cli/x.js")).toThrow("cli/x.js imports ../scripts/lib/steps.js (scripts/lib/steps.js), which the package does not ship");
  });
});
