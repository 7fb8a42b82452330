/**
 * The argument layer every script and the `browser-agent-apis` bin share: each command declares a table
 * of flags (one entry per flag, built with the helpers below), and one parser turns the command line
 * (and the flags' env vars) into typed values. A mistake is a {@link UsageError}: one line plus the
 * usage, exit code 2, never a stack trace.
 *
 * Adding a flag is one entry in a command's table, e.g.
 *   baseline: inputFileFlag("FILE", "previous report.json: mark each finding new, still open or gone", { requires: LIVE }),
 * and its value arrives typed in the command's `run(values)` as `values.baseline` (an absolute path or undefined).
 */
import { dirname, resolve } from "node:path";
import { checkInputFile, checkOutputDir } from "../contract-tests/runner/input-files.js";

/** A command-line mistake: printed as one line plus the usage; exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The exit code a command line maps this error to. */
  readonly exitCode = 2;
}

/** What a flag's parser knows besides the raw text. */
export interface FlagContext {
  /** Where the value came from: `--max-creates` or an env var name. */
  source: string;
  /** The directory the user ran the command in; relative paths resolve against it. */
  cwd: string;
}

/** A condition a flag needs from the other flags (e.g. `--strict` needs `--target live`). */
export interface FlagRequirement {
  /** Shown in the usage and the error: `--target live`. */
  label: string;
  /** True when the flag applies, given every parsed value. */
  when: (values: Readonly<Record<string, unknown>>) => boolean;
}

/** One flag of a command; `Value` is what `run` receives, including the absent case. */
export interface Flag<Value> {
  /** Placeholder in the usage (`N`, `FILE`, `NAME=URL`); absent for a switch, which takes no value. */
  metavar?: string;
  /** One line for `--help`. */
  description: string;
  /** The value when neither the flag nor its env var is given. */
  initial: Value;
  /** Shown as `(default …)` in the usage. */
  defaultLabel?: string;
  /** Env var read when the flag is not given (an empty value counts as unset). */
  env?: string;
  /** Missing flag (and env var) is a usage error. */
  required?: boolean;
  /** The flag applies only when this holds; given otherwise, it is a usage error, not silently ignored. */
  requires?: FlagRequirement;
  /** Parses one occurrence (pure); throws UsageError for a bad value. A switch receives `""`. */
  parse: (raw: string, context: FlagContext) => Value;
  /** Merges a repeated flag; absent, giving the flag twice is a usage error. */
  combine?: (previous: Value, next: Value, context: FlagContext) => Value;
  /** Checks the value against the file system, after every value parsed and every requirement held. */
  check?: (value: Value, context: FlagContext) => void;
}

/** A command's flags by name (without the leading `--`). */
export type FlagTable = Readonly<Record<string, Flag<any>>>;

/** The parsed values of a flag table. */
export type FlagValues<F extends FlagTable> = { -readonly [K in keyof F]: F[K] extends Flag<infer V> ? V : never };

/** What a flag helper accepts besides its own arguments. */
export interface FlagOptions<D> {
  env?: string;
  default?: D;
  /** Shown as `(default …)` when the default is not a value of the flag (`all`, `reports/drift`). */
  defaultLabel?: string;
  requires?: FlagRequirement;
}

function base<V>(description: string, options: FlagOptions<unknown>, initial: V, parse: Flag<V>["parse"], metavar?: string): Flag<V> {
  const flag: Flag<V> = { description, initial, parse };
  if (metavar !== undefined) flag.metavar = metavar;
  if (options.env !== undefined) flag.env = options.env;
  if (options.requires) flag.requires = options.requires;
  const label = options.defaultLabel ?? (options.default === undefined ? undefined : String(options.default));
  if (label !== undefined) flag.defaultLabel = label;
  return flag;
}

function nonEmpty(raw: string, context: FlagContext, what: string): string {
  if (raw.trim() === "") throw new UsageError(`${context.source} needs ${what}, got an empty value`);
  return raw;
}

/** A switch (`--strict`): false unless given; takes no value. */
export function switchFlag(description: string, options: Omit<FlagOptions<never>, "default"> = {}): Flag<boolean> {
  return { ...base(description, options, false, () => true), combine: () => true };
}

/** A free-form string (`--base REF`). */
export function stringFlag<D extends string | undefined = undefined>(metavar: string, description: string, options: FlagOptions<D> = {}): Flag<string | D> {
  return base<string | D>(description, options, options.default as D, (raw, context) => nonEmpty(raw, context, `a value (${metavar})`), metavar);
}

/** A decimal integer within [min, max]: `""`, `0x2`, `1e3`, `-1` (below min), `abc` are usage errors. */
export function integerFlag<D extends number | undefined = undefined>(
  metavar: string,
  range: { min: number; max: number },
  description: string,
  options: FlagOptions<D> = {},
): Flag<number | D> {
  return base<number | D>(description, options, options.default as D, (raw, context) => parseInteger(raw, range, context.source), metavar);
}

/** Parses a decimal integer within [min, max] or throws a UsageError naming `source`. */
export function parseInteger(raw: string, range: { min: number; max: number }, source: string): number {
  const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`${source} must be a decimal integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** One of a fixed set of words (`--target mock|live`). */
export function choiceFlag<C extends string, D extends C | undefined = undefined>(choices: readonly C[], description: string, options: FlagOptions<D> = {}): Flag<C | D> {
  return base<C | D>(
    description,
    options,
    options.default as D,
    (raw, context) => {
      if (!choices.includes(raw as C)) throw new UsageError(`${context.source} must be one of ${choices.join(", ")}, got ${JSON.stringify(raw)}`);
      return raw as C;
    },
    choices.join("|"),
  );
}

/** A repeatable flag whose values may also be comma lists (`--provider a --provider b,c`). */
export function listFlag<T>(metavar: string, description: string, item: (raw: string, context: FlagContext) => T, options: Omit<FlagOptions<never>, "default"> = {}): Flag<T[] | undefined> {
  return {
    ...base<T[] | undefined>(description, options, undefined, (raw, context) => {
      const parts = raw.split(",").map((part) => part.trim());
      if (parts.some((part) => part === "")) throw new UsageError(`${context.source} needs ${metavar} values, got ${JSON.stringify(raw)}`);
      return parts.map((part) => item(part, context));
    }, metavar),
    combine: (previous, next) => [...(previous ?? []), ...(next ?? [])],
  };
}

/**
 * A repeatable `NAME=VALUE` flag keyed by a known name (`--base-url browser-use=http://127.0.0.1:4010`).
 * Each name may be given once; `names` lists the known ones for the error.
 */
export function perNameFlag<T>(
  metavar: string,
  description: string,
  names: () => readonly string[],
  value: (raw: string, context: FlagContext) => T,
  options: Omit<FlagOptions<never>, "default"> = {},
): Flag<Record<string, T> | undefined> {
  return {
    ...base<Record<string, T> | undefined>(description, options, undefined, (raw, context) => {
      const at = raw.indexOf("=");
      if (at <= 0) throw new UsageError(`${context.source} needs ${metavar}, got ${JSON.stringify(raw)}`);
      const name = raw.slice(0, at).trim();
      const known = names();
      if (!known.includes(name)) throw new UsageError(`${context.source}: unknown name ${JSON.stringify(name)}; known: ${known.join(", ")}`);
      return { [name]: value(raw.slice(at + 1).trim(), { ...context, source: `${context.source} ${name}=` }) };
    }, metavar),
    combine: (previous, next, context) => {
      for (const name of Object.keys(next ?? {})) {
        if (previous && name in previous) throw new UsageError(`${context.source} gives ${name} twice`);
      }
      return { ...previous, ...next };
    },
  };
}

/** The same flag, required: absent (and its env var unset), it is a usage error; its value is never undefined. */
export function required<V>(flag: Flag<V>): Flag<Exclude<V, undefined>> {
  return { ...flag, required: true } as Flag<Exclude<V, undefined>>;
}

/** An existing file; the value is its absolute path, resolved against the directory the command ran in. */
export function inputFileFlag(metavar: string, description: string, options: Omit<FlagOptions<never>, "default"> = {}): Flag<string | undefined> {
  return {
    ...base<string | undefined>(description, options, undefined, (raw, context) => resolve(context.cwd, nonEmpty(raw, context, `a path (${metavar})`)), metavar),
    check: (path, context) => {
      if (path !== undefined) checkInputFile(path, context.source);
    },
  };
}

/** A folder to write into (created when missing); the value is its absolute path. */
export function outputDirFlag(metavar: string, description: string, options: Omit<FlagOptions<never>, "default"> = {}): Flag<string | undefined> {
  return {
    ...base<string | undefined>(description, options, undefined, (raw, context) => resolve(context.cwd, nonEmpty(raw, context, `a path (${metavar})`)), metavar),
    check: (path, context) => {
      if (path !== undefined) checkOutputDir(path, context.source);
    },
  };
}

/** An absolute http(s) URL. */
export function httpUrl(raw: string, context: FlagContext): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) throw new UsageError(`${context.source} needs an http(s) URL, got ${JSON.stringify(raw)}`);
  return raw;
}

/**
 * The directory the user ran the command in. `npm run` changes to the project root and keeps the
 * original directory in INIT_CWD; a script that changed directory itself (`cd sub && …`) means its own cwd.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const init = env.INIT_CWD;
  if (!init) return cwd;
  const root = env.npm_package_json ? dirname(env.npm_package_json) : undefined;
  return root === undefined || resolve(root) === resolve(cwd) ? resolve(init) : cwd;
}

/** The result of parsing a command line. */
export type ParseResult<F extends FlagTable> = { help: true } | { help: false; values: FlagValues<F> };

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function unknownFlag(arg: string, flags: FlagTable): UsageError {
  const name = arg.replace(/^-+/, "").split("=")[0]!;
  const near = Object.keys(flags).filter((known) => editDistance(name, known) <= 2);
  return new UsageError(`unknown flag ${arg.split("=")[0]}${near.length > 0 ? ` (did you mean --${near[0]}?)` : ""}`);
}

/**
 * Parses `argv` (without the node and script paths) against a flag table: `--name value`, `--name=value`,
 * repeatable flags, env-var fallbacks, requirements between flags, then the file-system checks.
 * `--help` or `-h` anywhere wins. Throws UsageError (or the InputError of a check).
 */
export function parseFlags<F extends FlagTable>(flags: F, argv: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): ParseResult<F> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? invocationDir(env);
  const end = argv.indexOf("--");
  const own = end === -1 ? argv : argv.slice(0, end);
  if (own.includes("--help") || own.includes("-h")) return { help: true };
  if (end !== -1 && end < argv.length - 1) throw new UsageError(`unexpected argument ${JSON.stringify(argv[end + 1])}`);

  const raw = new Map<string, string[]>();
  for (let i = 0; i < own.length; i++) {
    const arg = own[i]!;
    if (!arg.startsWith("-") || arg === "-") throw new UsageError(`unexpected argument ${JSON.stringify(arg)}`);
    if (!arg.startsWith("--")) throw unknownFlag(arg, flags);
    const at = arg.indexOf("=");
    const name = arg.slice(2, at === -1 ? undefined : at);
    const flag = Object.hasOwn(flags, name) ? flags[name] : undefined;
    if (!flag) throw unknownFlag(arg, flags);
    let value: string;
    if (flag.metavar === undefined) {
      if (at !== -1) throw new UsageError(`--${name} takes no value, got ${JSON.stringify(arg.slice(at + 1))}`);
      value = "";
    } else if (at !== -1) {
      value = arg.slice(at + 1);
    } else {
      const next = own[i + 1];
      // A value may start with one dash (`-1` is a value that fails its range check); `--x` is the next flag.
      if (next === undefined || next.startsWith("--")) throw new UsageError(`--${name} needs a value (${flag.metavar})`);
      value = next;
      i++;
    }
    raw.set(name, [...(raw.get(name) ?? []), value]);
  }

  const values: Record<string, unknown> = {};
  for (const [name, flag] of Object.entries(flags)) {
    const given = raw.get(name);
    const context = { source: `--${name}`, cwd };
    if (given) {
      if (given.length > 1 && !flag.combine) throw new UsageError(`--${name} is given ${given.length} times; give it once`);
      values[name] = given.map((text) => flag.parse(text, context)).reduce((previous, next) => flag.combine!(previous, next, context));
    } else if (flag.env && env[flag.env]) {
      values[name] = flag.parse(env[flag.env]!, { source: flag.env, cwd });
    } else if (flag.required) {
      throw new UsageError(`--${name} is required (${flag.metavar}: ${flag.description})`);
    } else {
      values[name] = flag.initial;
    }
  }
  for (const name of raw.keys()) {
    const requirement = flags[name]!.requires;
    if (requirement && !requirement.when(values)) throw new UsageError(`--${name} works only with ${requirement.label}`);
  }
  for (const [name, flag] of Object.entries(flags)) {
    flag.check?.(values[name], { source: raw.has(name) ? `--${name}` : (flag.env ?? `--${name}`), cwd });
  }
  return { help: false, values: values as FlagValues<F> };
}

/** The usage text of a command: synopsis, summary, one line per flag, notes, examples (arguments only). */
export function usage(invokedAs: string, summary: string, flags: FlagTable, notes: readonly string[] = [], examples: readonly string[] = []): string {
  const rows = Object.entries(flags).map(([name, flag]) => {
    const extras = [
      flag.required ? "required" : "",
      flag.combine && flag.metavar !== undefined ? "repeatable" : "",
      flag.requires ? `only with ${flag.requires.label}` : "",
      flag.env ? `env ${flag.env}` : "",
      flag.defaultLabel !== undefined ? `default ${flag.defaultLabel}` : "",
    ].filter(Boolean);
    return [`--${name}${flag.metavar ? ` ${flag.metavar}` : ""}`, `${flag.description}${extras.length ? ` (${extras.join("; ")})` : ""}`] as [string, string];
  });
  rows.push(["-h, --help", "show this help"]);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `usage: ${invokedAs}${Object.keys(flags).length > 0 ? " [flags]" : ""}`,
    "",
    summary,
    "",
    "flags:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    ...(notes.length > 0 ? ["", ...notes] : []),
    ...(examples.length > 0 ? ["", "examples:", ...examples.map((args) => `  ${args ? `${invokedAs} ${args}` : invokedAs.replace(/ --$/, "")}`)] : []),
  ].join("\n");
}
