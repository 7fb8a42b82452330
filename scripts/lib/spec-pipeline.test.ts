import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { localModules } from "./spec-pipeline.js";

const scratch = mkdtempSync(join(tmpdir(), "local-modules-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the generate cache's inputs", () => {
  it("include every module the generator reaches, such as the cost-cap check it runs and the types worker's options", async () => {
    const modules = await localModules("scripts/generate.ts");
    expect(modules).toEqual(expect.arrayContaining(["scripts/generate.ts", "scripts/lib/operation-facts.ts", "contract-tests/runner/spec-cost-caps.ts", "scripts/lib/types-options.mjs"]));
    expect(modules.filter((path) => path.startsWith("generated/"))).toEqual([]);
  });

  it("follow relative imports through .js specifiers to .ts sources, dynamic imports and new URL, each module once", async () => {
    const file = (name: string, text: string) => writeFileSync(join(scratch, name), text);
    file("entry.ts", 'import { b } from "./b.js";\nimport type { T } from "./types.js";\nexport const a = () => import("./lazy.js");\n');
    file("b.ts", 'import "./entry.js";\nexport const url = new URL("./worker.mjs", import.meta.url);\nimport { x } from "node:fs";\nimport y from "yaml";\n');
    file("types.ts", "export type T = 1;\n");
    file("lazy.ts", "export {};\n");
    file("worker.mjs", "export {};\n");
    const at = (name: string) => relative(process.cwd(), join(scratch, name));
    expect(await localModules(at("entry.ts"))).toEqual(["entry.ts", "b.ts", "types.ts", "lazy.ts", "worker.mjs"].map(at));
  });
});
