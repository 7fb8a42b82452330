/** The argument layer, in process: every flag kind with valid and invalid values, env fallbacks, requirements, usage. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../contract-tests/runner/input-files.js";
import {
  choiceFlag,
  httpUrl,
  inputFileFlag,
  integerFlag,
  invocationDir,
  listFlag,
  outputDirFlag,
  parseFlags,
  perNameFlag,
  stringFlag,
  switchFlag,
  usage,
  UsageError,
  type FlagTable,
} from "./args.js";

const dir = mkdtempSync(join(tmpdir(), "cli-args-"));
writeFileSync(join(dir, "allow.json"), "{}");
const LIVE = { label: "--target live", when: (v: Readonly<Record<string, unknown>>) => v.target === "live" };
const flags = {
  target: choiceFlag(["mock", "live"], "where the cases go", { env: "T_TARGET", default: "mock" }),
  provider: listFlag("NAME", "providers", (name) => name, { env: "T_PROVIDERS" }),
  "base-url": perNameFlag("NAME=URL", "base URL per provider", () => ["a", "b"], httpUrl),
  count: integerFlag("N", { min: 0, max: 100 }, "a budget", { requires: LIVE }),
  strict: switchFlag("fail on more", { requires: LIVE }),
  allowlist: inputFileFlag("FILE", "allow-list"),
  out: outputDirFlag("DIR", "report folder"),
  base: stringFlag("REF", "a git ref"),
} satisfies FlagTable;

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const result = parseFlags(flags, argv, { env, cwd: dir });
  if (result.help) throw new Error("unexpected help");
  return result.values;
};
const usageError = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
  try {
    parse(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
};

describe("parsing flags", () => {
  it("absent flags take their initial values; the values are typed by the table", () => {
    const values = parse([]);
    expect(values).toEqual({ target: "mock", provider: undefined, "base-url": undefined, count: undefined, strict: false, allowlist: undefined, out: undefined, base: undefined });
  });

  it("accepts --name value and --name=value, repeats and comma lists", () => {
    const values = parse(["--target=live", "--provider", "a,b", "--provider=c", "--count", "0", "--strict", "--base-url", "a=http://127.0.0.1:4010", "--base-url=b=https://x.test/v1"]);
    expect(values).toMatchObject({ target: "live", provider: ["a", "b", "c"], count: 0, strict: true, "base-url": { a: "http://127.0.0.1:4010", b: "https://x.test/v1" } });
  });

  it.each([[""], ["0x2"], ["-1"], ["abc"], ["1e3"], ["1.5"], ["101"], [" 1"]])("rejects --count %j: decimal integers in range only", (raw) => {
    expect(usageError(["--target", "live", "--count", raw])).toBe(`--count must be a decimal integer from 0 to 100, got ${JSON.stringify(raw)}`);
  });

  it("an unknown flag is named, with the nearest known one", () => {
    expect(usageError(["--bogus"])).toBe("unknown flag --bogus");
    expect(usageError(["--provder", "a"])).toBe("unknown flag --provder (did you mean --provider?)");
    expect(usageError(["-x"])).toBe("unknown flag -x");
  });

  it("a flag without its value says which value it needs", () => {
    expect(usageError(["--provider"])).toBe("--provider needs a value (NAME)");
    expect(usageError(["--provider", "--strict"])).toBe("--provider needs a value (NAME)");
    expect(usageError(["--base", ""])).toBe("--base needs a value (REF), got an empty value");
    expect(usageError(["--provider", "a,,b"])).toBe('--provider needs NAME values, got "a,,b"');
  });

  it("a switch takes no value; a single-valued flag is given once; positionals are refused", () => {
    expect(usageError(["--target", "live", "--strict=yes"])).toBe('--strict takes no value, got "yes"');
    expect(usageError(["--target", "mock", "--target", "live"])).toBe("--target is given 2 times; give it once");
    expect(usageError(["extra"])).toBe('unexpected argument "extra"');
    expect(usageError(["--", "extra"])).toBe('unexpected argument "extra"');
  });

  it("a choice names the allowed words", () => {
    expect(usageError(["--target", "staging"])).toBe('--target must be one of mock, live, got "staging"');
  });

  it("NAME=URL flags know their names, want http(s) URLs and each name once", () => {
    expect(usageError(["--base-url", "nosuch=http://x.test"])).toBe('--base-url: unknown name "nosuch"; known: a, b');
    expect(usageError(["--base-url", "http://x.test"])).toBe('--base-url needs NAME=URL, got "http://x.test"');
    expect(usageError(["--base-url", "a=ftp://x.test"])).toBe('--base-url a= needs an http(s) URL, got "ftp://x.test"');
    expect(usageError(["--base-url", "a=http://x.test", "--base-url", "a=http://y.test"])).toBe("--base-url gives a twice");
  });

  it("a flag that needs another flag is refused without it instead of being ignored", () => {
    expect(usageError(["--strict"])).toBe("--strict works only with --target live");
    expect(usageError(["--count", "2"])).toBe("--count works only with --target live");
    expect(parse(["--count", "2", "--strict"], { T_TARGET: "live" })).toMatchObject({ count: 2, strict: true });
  });

  it("env vars stand in for absent flags, parsed the same way, and name themselves in errors", () => {
    expect(parse([], { T_TARGET: "live", T_PROVIDERS: "a,b" })).toMatchObject({ target: "live", provider: ["a", "b"] });
    expect(parse(["--target", "mock"], { T_TARGET: "live" }).target).toBe("mock");
    expect(parse([], { T_TARGET: "" }).target).toBe("mock");
    expect(usageError([], { T_TARGET: "nope" })).toBe('T_TARGET must be one of mock, live, got "nope"');
  });

  it("paths resolve against the directory the command ran in; a missing input file is an InputError naming it", () => {
    expect(parse(["--allowlist", "allow.json", "--out", "reports"])).toMatchObject({ allowlist: join(dir, "allow.json"), out: join(dir, "reports") });
    expect(() => parse(["--allowlist", "missing.json"])).toThrow(InputError);
    expect(() => parse(["--allowlist", "missing.json"])).toThrow(`--allowlist ${join(dir, "missing.json")} not found`);
    expect(() => parse(["--out", "allow.json"])).toThrow(`--out ${join(dir, "allow.json")} is a file, not a folder`);
  });

  it("--help or -h anywhere wins over everything else", () => {
    expect(parseFlags(flags, ["--bogus", "--help"], { env: {}, cwd: dir })).toEqual({ help: true });
    expect(parseFlags(flags, ["-h"], { env: {}, cwd: dir })).toEqual({ help: true });
  });
});

describe("usage and the invocation directory", () => {
  it("the usage lists every flag with its value, default, env var and requirement", () => {
    const text = usage("npm run contract --", "Runs the contract cases.", flags);
    expect(text.split("\n").slice(0, 5)).toEqual(["usage: npm run contract -- [flags]", "", "Runs the contract cases.", "", "flags:"]);
    expect(text).toMatch(/ {2}--target mock\|live +where the cases go \(env T_TARGET; default mock\)/);
    expect(text).toMatch(/ {2}--base-url NAME=URL +base URL per provider \(repeatable\)/);
    expect(text).toMatch(/ {2}--strict +fail on more \(only with --target live\)/);
    expect(text).toMatch(/ {2}-h, --help +show this help$/);
  });

  it("npm run's INIT_CWD is where the user was, unless the script changed directory itself", () => {
    expect(invocationDir({}, "/repo")).toBe("/repo");
    expect(invocationDir({ INIT_CWD: "/repo/sub", npm_package_json: "/repo/package.json" }, "/repo")).toBe("/repo/sub");
    expect(invocationDir({ INIT_CWD: "/repo/sub", npm_package_json: "/repo/package.json" }, "/repo/other")).toBe("/repo/other");
    expect(invocationDir({ INIT_CWD: "/elsewhere" }, "/repo")).toBe("/elsewhere");
  });
});
