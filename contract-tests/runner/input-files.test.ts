/** Input files: one-line errors that name the resolved path and the line, on real files. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkOutputDir, InputError, jsonErrorOffset, parseJsonText, readDataFile, readInputFile } from "./input-files.js";

const dir = mkdtempSync(join(tmpdir(), "input-files-"));
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

function thrown(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

describe("reading input files", () => {
  it("a missing file names the resolved path, not ENOENT", () => {
    const error = thrown(() => readInputFile(join(dir, "nope.json"), "allow-list"));
    expect(error.message).toBe(`allow-list ${join(dir, "nope.json")} not found`);
    expect(error.exitCode).toBe(2);
  });

  it("a folder is named as a folder, not EISDIR", () => {
    expect(thrown(() => readInputFile(dir, "traffic file")).message).toBe(`traffic file ${dir} is a folder, not a file`);
  });

  it("a path through a file is reported as missing", () => {
    const file = write("plain.txt", "x");
    expect(thrown(() => readInputFile(join(file, "inner.json"), "allow-list")).message).toBe(`allow-list ${join(file, "inner.json")} not found`);
  });

  it("bad JSON names the file, the line and the column", () => {
    const file = write("bad.json", '{\n  "entries": [\n    { "provider": "browser-use", }\n  ]\n}\n');
    const message = thrown(() => readDataFile(file, "allow-list")).message;
    expect(message).toBe(`allow-list ${file}: not valid JSON at line 3, column 34: unexpected "}"`);
  });

  it("JSON that ends early says so, with the last line", () => {
    const file = write("short.json", '{\n  "entries": [\n');
    expect(thrown(() => readDataFile(file, "allow-list")).message).toMatch(/: not valid JSON at line 3, column 1: the text ends early/);
  });

  it("bad YAML (by extension) names the file and the line", () => {
    const file = write("bad.yaml", "entries:\n  - provider: browser-use\n    reason: [unclosed\n");
    expect(thrown(() => readDataFile(file, "allow-list")).message).toMatch(new RegExp(`^allow-list ${file}: not valid YAML at line \\d+, column \\d+`));
  });

  it("a YAML error ends with the parser's sentence, the location given once and no stray colon", () => {
    const file = write("unclosed.yaml", "entries:\n  - provider: browser-use\n    reason: [unclosed\n");
    expect(thrown(() => readDataFile(file, "allow-list")).message).toBe(`allow-list ${file}: not valid YAML at line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`);
  });

  it("good JSON and YAML parse", () => {
    expect(readDataFile(write("ok.json", '{"a": [1, 2.5e3, "x\\u0041", true, null]}'), "f")).toEqual({ a: [1, 2500, "xA", true, null] });
    expect(readDataFile(write("ok.yml", "a:\n  - 1\n"), "f")).toEqual({ a: [1] });
  });
});

describe("locating JSON errors", () => {
  it("finds no error where JSON.parse succeeds", () => {
    for (const text of ['{"a":{"b":[[],{}]}}', " [1, -0.5, 1E+2] ", '"\\n\\"\\/"', "null", '{"":""}']) {
      expect(() => JSON.parse(text), text).not.toThrow();
      expect(jsonErrorOffset(text), text).toBeUndefined();
    }
  });

  it("points at the first character JSON.parse rejects", () => {
    const cases: [string, number][] = [["[1,]", 3], ['{"a" 1}', 5], ["[01]", 2], ["{'a': 1}", 1], ['{"a":1} x', 8], ["", 0], ["tru", 3], ['"tab\there"', 4]];
    for (const [text, offset] of cases) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(jsonErrorOffset(text), text).toBe(offset);
    }
  });

  it("parseJsonText points at the first wrong character of a misspelt true, false or null", () => {
    expect(() => parseJsonText('{"a": nul}', "x.json")).toThrow('x.json: not valid JSON at line 1, column 10: unexpected "}"');
    expect(() => parseJsonText('{"a": trie}', "x.json")).toThrow('x.json: not valid JSON at line 1, column 9: unexpected "i"');
  });

  it("parseJsonText counts lines from 1 and columns from 1", () => {
    expect(() => parseJsonText("[\n1,\n]", "x.json")).toThrow("x.json: not valid JSON at line 3, column 1");
  });
});

describe("output folders", () => {
  it("an existing or creatable folder passes; a file, or a file on the way, does not", () => {
    expect(() => checkOutputDir(dir, "--out")).not.toThrow();
    expect(() => checkOutputDir(join(dir, "new", "deeper"), "--out")).not.toThrow();
    const file = write("taken", "");
    expect(thrown(() => checkOutputDir(file, "--out")).message).toBe(`--out ${file} is a file, not a folder`);
    expect(thrown(() => checkOutputDir(join(file, "x"), "--out")).message).toBe(`--out ${join(file, "x")} cannot be created: ${file} is a file`);
  });
});
