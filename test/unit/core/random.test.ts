import { describe, expect, it } from "vitest";
import { RandomSource, RandomStream } from "../../../engine/core/random.ts";

describe("seeded randomness", () => {
  it("gives the same sequence for the same seed", () => {
    const a = new RandomStream(42);
    const b = new RandomStream(42);
    const seqA = Array.from({ length: 20 }, () => a.uint32());
    const seqB = Array.from({ length: 20 }, () => b.uint32());
    expect(seqA).toEqual(seqB);
  });

  it("gives different sequences for different seeds", () => {
    const a = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.uint32()
      )(new RandomStream(1)),
    );
    const b = Array.from(
      { length: 5 },
      (
        (r) => () =>
          r.uint32()
      )(new RandomStream(2)),
    );
    expect(a).not.toEqual(b);
  });

  it("keeps intn within its bound and reaches every value", () => {
    const r = new RandomStream(7);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const x = r.intn(6);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(6);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("draws name suffixes only from the given alphabet", () => {
    const r = new RandomStream(3);
    const alphabet = "bcdfghjklmnpqrstvwxz2456789";
    for (let i = 0; i < 100; i++) expect(r.string(5, alphabet)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("keeps labelled streams independent of each other", () => {
    const one = new RandomSource(9);
    const names1 = Array.from({ length: 5 }, () => one.stream("names").uint32());
    const two = new RandomSource(9);
    two.stream("other").uint32();
    two.stream("other").uint32();
    const names2 = Array.from({ length: 5 }, () => two.stream("names").uint32());
    expect(names2).toEqual(names1);
  });

  it("resumes exactly where a saved state left off", () => {
    const src = new RandomSource(5);
    src.stream("a").uint32();
    const saved = src.save();
    const next = src.stream("a").uint32();
    const copy = new RandomSource(5);
    copy.load(saved);
    expect(copy.stream("a").uint32()).toBe(next);
  });

  it("rejects a bound that is not a positive integer", () => {
    expect(() => new RandomStream(1).intn(0)).toThrow(RangeError);
    expect(() => new RandomStream(1).intn(1.5)).toThrow(RangeError);
  });
});
