/**
 * The built API reference in a real browser: headless Chromium (Debian's, else the one inside
 * @sparticuz/chromium; see lib/chromium.ts) opens each page from disk with every non-file request
 * blocked, finds every operation's heading, sees no console error, and saves a screenshot to
 * reports/docs/<provider>.png.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { launchOfflineChromium, type OfflineBrowser } from "./lib/chromium.js";
import { DOCS_DIR, specProviders } from "./lib/package-layout.js";

const REPORT_DIR = join("reports", "docs");
/** Redoc renders an operation after a click; on a loaded CI machine that can take seconds. */
const RENDER_TIMEOUT_MS = 15_000;
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const providers = specProviders();

/** An operation as the reference lists it: under its first tag, titled by its summary. */
interface DocumentedOperation {
  tag: string;
  summary: string;
}

function documentedOperations(provider: string): DocumentedOperation[] {
  type Operation = { summary?: string; operationId?: string; tags?: string[] };
  const doc = JSON.parse(readFileSync(join("generated", provider, "openapi.json"), "utf8")) as { paths: Record<string, Record<string, Operation>> };
  return Object.values(doc.paths).flatMap((item) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      // Lint requires summary and tags on every operation; a gap shows up as a failed heading.
      return [{ tag: operation.tags?.[0] ?? "(untagged)", summary: operation.summary ?? `(no summary: ${operation.operationId})` }];
    }),
  );
}

/** Matches exactly this visible text (not a longer summary that contains it). */
function exactText(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`);
}

// The heading's accessible name also carries its anchor link's label: match the visible text instead.
function headingsWithText(page: Page, text: string) {
  return page.getByRole("heading").filter({ hasText: exactText(text) });
}

// Redoc 3 renders one operation at a time (hash routes): open it from the sidebar, expanding its tag first.
async function showOperation(page: Page, operation: DocumentedOperation): Promise<void> {
  const link = page.locator('a[href^="#/"]', { hasText: operation.summary }).first();
  if (!(await link.isVisible())) await page.getByRole("link", { name: operation.tag, exact: true }).first().click();
  await link.click();
}

/** Opens a page from disk and collects what it logs as an error. */
async function openPage(browser: OfflineBrowser, file: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(`uncaught: ${error.message}`));
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: "load" });
  return { page, errors };
}

let browser: OfflineBrowser;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/docs.ts"], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`npm run docs failed:\n${built.stdout}${built.stderr}`);
  mkdirSync(REPORT_DIR, { recursive: true });
  browser = await launchOfflineChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe("API reference in headless Chromium, offline", () => {
  test("the index page links every provider's reference", async () => {
    const { page, errors } = await openPage(browser, join(DOCS_DIR, "index.html"));
    const hrefs = await page.locator("a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(providers.map((p) => `./${p}.html`));
    expect(errors).toEqual([]);
    await page.close();
  });

  test.each(providers)("%s: every operation has a heading, no console error, no request leaves the disk", async (provider) => {
    const { page, errors } = await openPage(browser, join(DOCS_DIR, `${provider}.html`));
    const operations = documentedOperations(provider);
    expect(operations.length).toBeGreaterThan(0);
    for (const operation of operations) {
      await showOperation(page, operation);
      // A click that lands while Redoc is still re-rendering the sidebar can be lost: open it again until it shows.
      const shown = async () => {
        const count = await headingsWithText(page, operation.summary).count();
        if (count === 0) await showOperation(page, operation);
        return count;
      };
      await expect.poll(shown, { message: `heading "${operation.summary}" (tag ${operation.tag})`, timeout: RENDER_TIMEOUT_MS }).toBeGreaterThan(0);
    }
    await page.screenshot({ path: join(REPORT_DIR, `${provider}.png`) });
    expect(errors).toEqual([]);
    expect(browser.blocked).toEqual([]);
    await page.close();
  }, 180_000);
});
