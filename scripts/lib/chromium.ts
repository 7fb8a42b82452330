/** Headless Debian Chromium through playwright-core, with no network: the only browser the tests use. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's `chromium` package; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

// Without the background-networking flags Chromium keeps dialling Google's hosts on a closed network.
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser context whose every non-`file:` request is aborted and recorded in `blocked`. */
export interface OfflineBrowser {
  context: BrowserContext;
  blocked: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile; throws (never skips) when it is not installed. */
export async function launchOfflineChromium(): Promise<OfflineBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install -y chromium). This test does not skip.`);
  }
  const profile = await mkdtemp(join(tmpdir(), "docs-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    blocked.push(url);
    return route.abort("blockedbyclient");
  });
  return {
    context,
    blocked,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
