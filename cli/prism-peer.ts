/**
 * Prism is needed only to start mocks, so it is an optional peer dependency of the package: loaded on
 * first use, and when it is not installed the error is one line naming the package to install.
 */
import { EXIT_CANNOT_JUDGE } from "./command.js";
import { packageInfo } from "../contract-tests/runner/package-info.js";

/** A peer package the run needs is not installed. Exit code 2: the run could not judge. */
export class MissingPeerError extends Error {
  override readonly name = "MissingPeerError";
  /** The exit code a command line maps this error to. */
  readonly exitCode = EXIT_CANNOT_JUDGE;
  constructor(readonly packageName: string) {
    const range = packageInfo().peerDependencies?.[packageName];
    const spec = range ? `${packageName}@${range}` : packageName;
    super(`starting mocks needs the optional peer dependency ${packageName}: npm install --save-dev ${spec} (or give --base-url NAME=URL of a mock you run yourself)`);
  }
}

/** The package a module-not-found error names (`@stoplight/prism-core`), if it is one. */
export function missingPackage(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  return /Cannot find (?:module|package) '((?:@[^/']+\/)?[^/'.][^/']*)/.exec((error as Error).message)?.[1];
}

/** The Prism runner (`startPrism(specPath) -> {url, stop}`), or a MissingPeerError when Prism is not installed. */
export async function loadPrism(): Promise<typeof import("../contract-tests/runner/prism.js")> {
  try {
    return await import("../contract-tests/runner/prism.js");
  } catch (error) {
    const name = missingPackage(error);
    // Any missing Prism library is the peer's to bring: it depends on prism-http and prism-core.
    if (name?.startsWith("@stoplight/")) throw new MissingPeerError(Object.keys(packageInfo().peerDependencies ?? {}).find((peer) => peer.startsWith("@stoplight/")) ?? name);
    throw error;
  }
}

/**
 * Starts loading the Prism runner now (its import starts the worker thread that imports Prism), so that
 * the worker's import overlaps whatever the caller loads next. Errors wait for the caller's loadPrism().
 */
export function preloadPrism(): void {
  loadPrism().catch(() => undefined);
}
