/** Summary statistics for benchmark samples: every figure is a median with its min and max. */

/** A figure: the median of `n` samples with their min and max, in `unit`. */
export interface Figure {
  median: number;
  min: number;
  max: number;
  n: number;
  unit: string;
}

/** The median of the samples (mean of the two middle values for an even count); throws on no samples. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error("median of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Median, min and max of the samples. */
export function summarize(samples: readonly number[], unit: string): Figure {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), n: samples.length, unit };
}

/**
 * The ratio `a / b` of samples taken side by side: one ratio per pair (round i of `a` with round i of
 * `b`), summarised. Pairing cancels drift of a shared machine better than a ratio of two medians.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): Figure {
  if (a.length !== b.length) throw new Error(`paired samples differ in length: ${a.length} vs ${b.length}`);
  return summarize(
    a.map((value, i) => value / b[i]!),
    "x",
  );
}

/** Least-squares slope of y over x (units of y per unit of x); 0 for fewer than two points. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error(`slope of ${xs.length} x and ${ys.length} y values`);
  if (xs.length < 2) return 0;
  const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let covariance = 0;
  let variance = 0;
  xs.forEach((x, i) => {
    covariance += (x - mx) * (ys[i]! - my);
    variance += (x - mx) ** 2;
  });
  return variance === 0 ? 0 : covariance / variance;
}

/** Rotates `items` by `round` places: interleaved rounds do not always run the same variant first. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
