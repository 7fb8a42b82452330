import { describe, expect, it } from "vitest";
import { AbortError } from "../core/errors.js";
import { paginateOffset, type OffsetPage } from "./paginate.js";

const options = { provider: "thinkrun", operation: "test.listAll", pageSize: 2 };

// A loader over a fixed list of pages; records the offsets and limits it was asked for.
function pagesLoader<Item>(pages: OffsetPage<Item>[]) {
  const calls: { offset: number; limit: number }[] = [];
  const load = async (offset: number, limit: number) => {
    const page = pages[calls.length];
    calls.push({ offset, limit });
    if (!page) throw new Error(`unexpected page request at offset ${offset}`);
    return page;
  };
  return { load, calls };
}

async function collect<Item>(iterator: AsyncIterable<Item>): Promise<Item[]> {
  const out: Item[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

describe("paginateOffset", () => {
  it("follows the offset across three pages until total is reached", async () => {
    const { load, calls } = pagesLoader([
      { items: ["a", "b"], total: 5, hasMore: true },
      { items: ["c", "d"], total: 5, hasMore: true },
      { items: ["e"], total: 5, hasMore: true },
    ]);
    expect(await collect(paginateOffset(load, options))).toEqual(["a", "b", "c", "d", "e"]);
    expect(calls).toEqual([
      { offset: 0, limit: 2 },
      { offset: 2, limit: 2 },
      { offset: 4, limit: 2 },
    ]);
  });

  it("stops when hasMore is false even though total says more", async () => {
    const { load, calls } = pagesLoader([{ items: ["a", "b"], total: 10, hasMore: false }]);
    expect(await collect(paginateOffset(load, options))).toEqual(["a", "b"]);
    expect(calls).toHaveLength(1);
  });

  it("stops on an empty page even when total and hasMore say more", async () => {
    const { load, calls } = pagesLoader([
      { items: ["a", "b"], total: 10, hasMore: true },
      { items: [], total: 10, hasMore: true },
    ]);
    expect(await collect(paginateOffset(load, options))).toEqual(["a", "b"]);
    expect(calls).toHaveLength(2);
  });

  it("stops on total when the page has no hasMore (the action log)", async () => {
    const { load, calls } = pagesLoader([
      { items: ["a", "b"], total: 4 },
      { items: ["c", "d"], total: 4 },
    ]);
    expect(await collect(paginateOffset(load, options))).toEqual(["a", "b", "c", "d"]);
    expect(calls).toHaveLength(2);
  });

  it("advances by the items received when a page is shorter than the page size", async () => {
    const { load, calls } = pagesLoader([
      { items: ["a"], total: 3, hasMore: true },
      { items: ["b", "c"], total: 3, hasMore: false },
    ]);
    expect(await collect(paginateOffset(load, options))).toEqual(["a", "b", "c"]);
    expect(calls.map((c) => c.offset)).toEqual([0, 1]);
  });

  it("starts at startOffset", async () => {
    const { load, calls } = pagesLoader([{ items: ["k"], total: 11, hasMore: false }]);
    await collect(paginateOffset(load, { ...options, startOffset: 10 }));
    expect(calls[0]).toEqual({ offset: 10, limit: 2 });
  });

  it("loads nothing and throws AbortError when the signal is already aborted", async () => {
    const { load, calls } = pagesLoader([{ items: ["a"], total: 1 }]);
    await expect(collect(paginateOffset(load, { ...options, signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });

  it("stops with AbortError when the signal aborts between items", async () => {
    const controller = new AbortController();
    const { load, calls } = pagesLoader([
      { items: ["a", "b"], total: 4, hasMore: true },
      { items: ["c", "d"], total: 4, hasMore: false },
    ]);
    const seen: string[] = [];
    const run = async () => {
      for await (const item of paginateOffset(load, { ...options, signal: controller.signal })) {
        seen.push(item);
        controller.abort();
      }
    };
    await expect(run()).rejects.toBeInstanceOf(AbortError);
    expect(seen).toEqual(["a"]);
    expect(calls).toHaveLength(1);
  });

  it("passes the signal to the loader", async () => {
    const controller = new AbortController();
    const signals: (AbortSignal | undefined)[] = [];
    await collect(
      paginateOffset(
        async (_offset, _limit, signal) => {
          signals.push(signal);
          return { items: [], total: 0 };
        },
        { ...options, signal: controller.signal },
      ),
    );
    expect(signals).toEqual([controller.signal]);
  });
});
