import { describe, expect, it } from "vitest";
import { median, pairedRatio, rotate, slope, summarize } from "../bench/lib/stats.js";

describe("bench statistics", () => {
  it("median takes the middle value of an odd count, whatever the order", () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it("median averages the two middle values of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("median refuses an empty sample", () => {
    expect(() => median([])).toThrow("median of no samples");
  });

  it("summarize reports median, min, max, count and unit", () => {
    expect(summarize([3, 1, 2], "ms")).toEqual({ median: 2, min: 1, max: 3, n: 3, unit: "ms" });
  });

  it("pairedRatio divides round by round before summarising", () => {
    // Ratio of medians would be 20 / 20 = 1; the paired ratios are 2, 1 and 0.5.
    expect(pairedRatio([10, 20, 30], [5, 20, 60])).toEqual({ median: 1, min: 0.5, max: 2, n: 3, unit: "x" });
  });

  it("pairedRatio refuses samples of different lengths", () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow("differ in length");
  });

  it("slope is the least-squares growth of y per unit of x", () => {
    expect(slope([0, 1, 2, 3], [10, 12, 14, 16])).toBeCloseTo(2);
    expect(slope([0, 1, 2, 3], [5, 5, 5, 5])).toBe(0);
    expect(slope([1], [7])).toBe(0);
  });

  it("rotate starts each round with a different variant", () => {
    expect(rotate(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(rotate(["a", "b", "c"], 4)).toEqual(["b", "c", "a"]);
  });
});
