/**
 * Which Chromium the browser tests run: Debian's when installed, otherwise the binary shipped inside
 * @sparticuz/chromium, unpacked from the package with nothing downloaded; and that binary really starts.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { CHROMIUM_PACKAGE, findChromium, launchLoopbackChromium } from "./lib/chromium.js";

const tmp = mkdtempSync(join(tmpdir(), "chromium-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const packageVersion = (JSON.parse(readFileSync("package.json", "utf8")) as { devDependencies: Record<string, string> }).devDependencies[CHROMIUM_PACKAGE];
const NO_DEBIAN = join(tmp, "no-such-chromium");

function versionOf(executablePath: string): string {
  return execFileSync(executablePath, ["--version"], { encoding: "utf8", timeout: 60_000 }).trim();
}

describe("choosing the Chromium binary", () => {
  test("Debian's chromium is used when its path is an executable", async () => {
    const fake = join(tmp, "debian-chromium");
    writeFileSync(fake, "#!/bin/sh\necho 'Chromium 1.2.3'\n", { mode: 0o755 });
    expect(await findChromium({ debianPath: fake, cacheDir: join(tmp, "unused") })).toEqual({ executablePath: fake, source: "debian" });
  });

  test("a non-executable file at Debian's path does not count as installed", async () => {
    const notExecutable = join(tmp, "not-executable");
    writeFileSync(notExecutable, "", { mode: 0o644 });
    const found = await findChromium({ debianPath: notExecutable });
    expect(found.source).toBe(CHROMIUM_PACKAGE);
  });

  test("without Debian's chromium the pinned npm package's binary is unpacked and reports its Chromium version", async () => {
    expect(packageVersion, "@sparticuz/chromium is pinned to an exact version").toMatch(/^\d+\.\d+\.\d+$/);
    const found = await findChromium({ debianPath: NO_DEBIAN });
    expect(found).toMatchObject({ source: CHROMIUM_PACKAGE, version: packageVersion });
    // The package's major version is the Chromium major it ships.
    expect(versionOf(found.executablePath)).toMatch(new RegExp(`^Chromium ${packageVersion!.split(".")[0]}\\.`));
  }, 120_000);

  test("two unpacks into an empty cache at once both return the same complete binary, and a later call reuses it", async () => {
    const cacheDir = join(tmp, "cache");
    const [first, second] = await Promise.all([findChromium({ debianPath: NO_DEBIAN, cacheDir }), findChromium({ debianPath: NO_DEBIAN, cacheDir })]);
    expect(first!.executablePath).toBe(second!.executablePath);
    expect(first!.executablePath.startsWith(cacheDir)).toBe(true);
    // Each unpack wrote under its own name and renamed: no partial file is left beside the binary.
    expect(readdirSync(dirname(first!.executablePath))).toEqual(["chromium"]);
    const written = statSync(first!.executablePath);
    expect(versionOf(first!.executablePath)).toMatch(/^Chromium \d+\./);
    const again = await findChromium({ debianPath: NO_DEBIAN, cacheDir });
    expect(again.executablePath).toBe(first!.executablePath);
    expect(statSync(again.executablePath).mtimeMs).toBe(written.mtimeMs);
  }, 180_000);
});

describe("the chosen Chromium in use", () => {
  test("starts headless through playwright-core and renders a page", async () => {
    const browser = await launchLoopbackChromium();
    try {
      const page = await browser.newPage();
      await page.setContent("<main><h1>rendered</h1></main>");
      expect(await page.locator("h1").textContent()).toBe("rendered");
    } finally {
      await browser.close();
    }
  }, 120_000);
});
