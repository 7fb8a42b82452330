/**
 * The flags of the build scripts (build, docs, smoke, generate, bench), through their entry files as child
 * processes: `--help` exits 0, a mistake exits 2 with one line plus the usage and no stack trace, and
 * `generate --check --force` is a full run. The commands other teams run (contract, replay, diff, the bin)
 * are in cli/commands.test.ts; these are our own tooling, tested on the host's Node (vitest project
 * "tooling").
 */
import { describe, expect, it, vi } from "vitest";
import { expectUsageError, script } from "../cli/testing/command-runs.js";

// Tests wait for a free slot and run several commands each: generous, never a timing assertion.
vi.setConfig({ testTimeout: 300_000 });

describe("the build scripts", () => {
  const flagless = ["build", "docs", "smoke"];
  it.concurrent.each(flagless)("%s: --help exits 0; any flag or argument is a usage error", async (name) => {
    const help = await script(name, ["--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe(`usage: npm run ${name} --`);
    expectUsageError(await script(name, ["--bogus"]), name, "unknown flag --bogus");
    expectUsageError(await script(name, ["extra"]), name, 'unexpected argument "extra"');
  });

  it.concurrent("generate: --help lists --check and --force; a wrong flag or value is a usage error", async () => {
    const help = await script("generate", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}--check\b/m);
    expect(help.stdout).toMatch(/^ {2}--force\b/m);
    expectUsageError(await script("generate", ["--chek"]), "generate", "unknown flag --chek (did you mean --check?)");
    expectUsageError(await script("generate", ["--check=no"]), "generate", '--check takes no value, got "no"');
  });

  it.concurrent("generate --check --force: both accepted; a full run that finds generated/ up to date", async () => {
    const result = await script("generate", ["--check", "--force"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("generated/ is up to date");
  });

  it.concurrent("bench: --only names the known sections; --quick takes no value", async () => {
    expectUsageError(await script("bench", ["--only", "speed"]), "bench", '--only: unknown section "speed"; known: generate, contract, client, validation, size, memory');
    expectUsageError(await script("bench", ["--quick=1"]), "bench", '--quick takes no value, got "1"');
  });
});
