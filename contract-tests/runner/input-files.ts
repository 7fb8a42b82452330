/**
 * Files a user hands to the contract tools (allow-lists, recorded traffic, specs, report folders): read
 * and parsed with errors that name the resolved path and the line, never a raw ENOENT or a stack trace.
 */
import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseYaml, YAMLParseError } from "yaml";

/** A file or folder the run cannot use; the message names the resolved path. Exit code 2: the run could not judge. */
export class InputError extends Error {
  override readonly name: string = "InputError";
  /** The exit code a command line maps this error to. */
  readonly exitCode = 2;
  /** What is wrong, without the file's name (`not found`, `not valid JSON at line 3, column 5: …`). */
  readonly detail: string;
  constructor(message: string, detail: string = message) {
    super(message);
    this.detail = detail;
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Reads a text file the user named; `what` says what it is for (`allow-list`, `traffic file`). */
export function readInputFile(path: string, what: string): string {
  const file = resolve(path);
  try {
    if (statSync(file).isDirectory()) throw new InputError(`${what} ${file} is a folder, not a file`, "is a folder, not a file");
    return readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") throw new InputError(`${what} ${file} not found`, "not found");
    if (code === "EACCES" || code === "EPERM") throw new InputError(`${what} ${file} cannot be read (permission denied)`, "cannot be read (permission denied)");
    throw new InputError(`${what} ${file} cannot be read (${code ?? (error as Error).message})`);
  }
}

/** Throws unless `path` is an existing file (checked before any work starts). */
export function checkInputFile(path: string, what: string): void {
  readInputFile(path, what);
}

/**
 * Throws unless `path` is a folder that exists and can be written, or can be created: its nearest
 * existing ancestor is a writable folder.
 */
export function checkOutputDir(path: string, what: string): void {
  const dir = resolve(path);
  let existing = dir;
  for (;;) {
    try {
      const stats = statSync(existing);
      if (!stats.isDirectory()) {
        throw new InputError(existing === dir ? `${what} ${dir} is a file, not a folder` : `${what} ${dir} cannot be created: ${existing} is a file`);
      }
      break;
    } catch (error) {
      if (error instanceof InputError) throw error;
      // ENOTDIR: a file on the way; the loop reaches it and reports it.
      if (errorCode(error) !== "ENOENT" && errorCode(error) !== "ENOTDIR") throw new InputError(`${what} ${dir} cannot be used (${errorCode(error) ?? (error as Error).message})`);
      if (dirname(existing) === existing) break;
      existing = dirname(existing);
    }
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    throw new InputError(existing === dir ? `${what} ${dir} is not writable` : `${what} ${dir} cannot be created: ${existing} is not writable`);
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: lines.at(-1)!.length + 1 };
}

// Sticky: matched at lastIndex only, without copying the rest of the text.
const JSON_NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * The offset at which strict JSON parsing of `text` fails, or undefined when it parses. Node's own
 * messages give a position for some errors only (and a line only from Node 22), so the location is
 * found here, the same on every supported Node.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      // The offset of the first character that differs, not the one after it.
      if (text[i] !== char) fail();
      i++;
    }
  };
  const string = () => {
    i++;
    for (;;) {
      const char = text[i];
      if (char === undefined || char < " ") fail();
      if (char === '"') return void i++;
      if (char === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 5;
        } else if (text[i] !== undefined && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail();
      } else i++;
    }
  };
  const number = () => {
    JSON_NUMBER.lastIndex = i;
    const match = JSON_NUMBER.exec(text);
    if (!match) return fail();
    i += match[0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === "{") {
      i++;
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ":") fail();
        i++;
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "}") return void i++;
        else fail();
      }
    }
    if (char === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ",") i++;
        else if (text[i] === "]") return void i++;
        else fail();
      }
    }
    if (char === '"') return string();
    if (char === "t") return literal("true");
    if (char === "f") return literal("false");
    if (char === "n") return literal("null");
    return number();
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (offset) {
    if (typeof offset === "number") return Math.min(offset, text.length);
    throw offset;
  }
}

/** Parses JSON; a syntax error names `file` (and `what`), the line and the column. */
export function parseJsonText(text: string, file: string, what = "file"): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Node's own message is left out: it quotes the text (line breaks included) and differs between versions.
    const offset = jsonErrorOffset(text) ?? 0;
    const { line, column } = lineColumn(text, offset);
    const found = offset >= text.length ? "the text ends early" : `unexpected ${JSON.stringify(text[offset])}`;
    const detail = `not valid JSON at line ${line}, column ${column}: ${found}`;
    throw new InputError(`${what} ${file}: ${detail}`, detail);
  }
}

/** Parses YAML; a syntax error names `file` (and `what`) and the line. */
export function parseYamlText(text: string, file: string, what = "file"): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const position = error.linePos?.[0];
    const where = position ? ` at line ${position.line}, column ${position.col}` : "";
    // The parser's first line repeats the location and ends with a colon before its excerpt: keep the sentence.
    const sentence = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "");
    const detail = `not valid YAML${where}: ${sentence}`;
    throw new InputError(`${what} ${file}: ${detail}`, detail);
  }
}

/** Reads a JSON file, or a YAML file by its extension (`.yaml`, `.yml`), with located errors. */
export function readDataFile(path: string, what: string): unknown {
  const file = resolve(path);
  const text = readInputFile(file, what);
  return /\.ya?ml$/i.test(file) ? parseYamlText(text, file, what) : parseJsonText(text, file, what);
}
