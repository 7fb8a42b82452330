import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// Two named groups (vitest projects); `npm test` runs both (CI does, on every supported Node), and
// `npm test -- --project runtime` runs only what a consumer's code runs on.
//
// tooling: tests of our own build tools and of the tools other teams point at our output: the API reference in Chromium, the package
// entries bundled by esbuild and run in Chromium, Chromium locating, the published specs in other
// teams' tools, the spec lint rule, the generator's refusal of a misplaced marker, the open-enum types and completions (tsc and its language service),
// the breaking-change rules of spec-diff, the build scripts' flags, the tooling build's import rewriting, bench statistics, the bundle size budget, and the
// type tests (*.test-d.ts, tsc).
const TOOLING = [
  "scripts/docs.test.ts",
  "scripts/browser-bundle.test.ts",
  "scripts/chromium.test.ts",
  "scripts/published-specs.test.ts",
  "scripts/open-enum-types.test.ts",
  "scripts/generate-markers.test.ts",
  "scripts/spec-diff.test.ts",
  "scripts/script-flags.test.ts",
  "scripts/bench-stats.test.ts",
  "scripts/size-budget.test.ts",
  "scripts/lib/tools-build.test.ts",
  "contract-tests/browserbase/lint-cause-code.test.ts",
];

// runtime: everything else: the clients in src/, the contract runner, the drift classifier and stand-ins,
// the command line, the packed package installed and run by a consumer, and the Node version check.
const RUNTIME = ["src/**/*.test.ts", "contract-tests/**/*.test.ts", "cli/**/*.test.ts", "scripts/**/*.test.ts"];

// Not inherited by the projects (no `extends`): the root's global setup runs once for both groups, and
// its mocks are provided to both; a project that inherited it would start a second set.
const shared = {
  testTimeout: 30_000,
  hookTimeout: 90_000,
};

export default defineConfig({
  test: {
    // vitest's default for `run` is one worker fewer than the cores: a single worker on a 2-core machine,
    // which runs the files one after another. Most test time is waiting (child processes, Prism start-up,
    // sockets), so two files at a time overlap that wait; the tests hold no timing assertion.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ["contract-tests/global-setup.ts"],
    projects: [
      { test: { name: "runtime", include: RUNTIME, exclude: [...configDefaults.exclude, ...TOOLING], ...shared } },
      {
        test: {
          name: "tooling",
          include: TOOLING,
          typecheck: { enabled: true, include: ["src/**/*.test-d.ts"], tsconfig: "tsconfig.json" },
          ...shared,
        },
      },
    ],
  },
});
