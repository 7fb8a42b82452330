/** What every publishing script shares: one line per step with its time, and the exit code. */

/** Runs one step, printing `ok` or `FAIL`, its label and its time in ms. */
export async function timed<T>(label: string, step: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  try {
    const result = await step();
    console.log(`ok    ${label} (${Math.round(performance.now() - started)} ms)`);
    return result;
  } catch (error) {
    console.log(`FAIL  ${label} (${Math.round(performance.now() - started)} ms)`);
    throw error;
  }
}

/** Runs `main`, exits with its code, or prints the error and exits 1. */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

/** Formats a byte count as `12.3 kB` (1 kB = 1000 bytes, as npm prints sizes). */
export function formatBytes(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}
