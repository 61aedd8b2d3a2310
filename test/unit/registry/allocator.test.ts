import { describe, expect, it } from "vitest";
import { parseCidr } from "../../../engine/core/ip.ts";
import { RandomStream } from "../../../engine/core/random.ts";
import { ClusterIPAllocator, NodePortAllocator } from "../../../engine/registry/ipallocator.ts";

describe("ClusterIP allocation", () => {
  it("hands out dynamic IPs above the static band of kind's 10.96.0.0/16 (above 10.96.1.0)", () => {
    const a = new ClusterIPAllocator(parseCidr("10.96.0.0/16")!);
    const r = new RandomStream(1);
    for (let i = 0; i < 200; i++) {
      const got = a.allocateNext(r);
      expect(got.ok).toBe(true);
      if (!got.ok) return;
      const [, , third, fourth] = got.ip.split(".").map(Number);
      expect(third! * 256 + fourth!).toBeGreaterThan(256);
    }
  });

  it("honours a requested IP in the static band and refuses it a second time", () => {
    const a = new ClusterIPAllocator(parseCidr("10.96.0.0/16")!);
    expect(a.allocate("10.96.0.10")).toEqual({ ok: true, ip: "10.96.0.10" });
    expect(a.allocate("10.96.0.10")).toEqual({ ok: false, reason: "allocated" });
  });

  it("refuses addresses outside the range, the network address and the broadcast address", () => {
    const a = new ClusterIPAllocator(parseCidr("10.96.0.0/16")!);
    expect(a.allocate("10.0.0.5")).toEqual({ ok: false, reason: "not-in-range" });
    expect(a.allocate("10.96.0.0")).toEqual({ ok: false, reason: "not-in-range" });
    expect(a.allocate("10.96.255.255")).toEqual({ ok: false, reason: "not-in-range" });
  });

  it("falls back to the static band when the dynamic band is full, then reports full", () => {
    const a = new ClusterIPAllocator(parseCidr("10.96.0.0/28")!);
    const r = new RandomStream(4);
    const got: string[] = [];
    for (let i = 0; i < 14; i++) {
      const x = a.allocateNext(r);
      expect(x.ok).toBe(true);
      if (x.ok) got.push(x.ip);
    }
    expect(new Set(got).size).toBe(14);
    expect(a.allocateNext(r)).toEqual({ ok: false, reason: "full" });
  });

  it("makes a released IP available again", () => {
    const a = new ClusterIPAllocator(parseCidr("10.96.0.0/16")!);
    a.allocate("10.96.5.5");
    a.release("10.96.5.5");
    expect(a.allocate("10.96.5.5").ok).toBe(true);
  });
});

describe("NodePort allocation", () => {
  it("picks dynamic ports from 30086 upward in the default range", () => {
    const a = new NodePortAllocator(30000, 2768);
    const r = new RandomStream(2);
    for (let i = 0; i < 100; i++) {
      const p = a.allocateNext(r)!;
      expect(p).toBeGreaterThanOrEqual(30086);
      expect(p).toBeLessThanOrEqual(32767);
    }
  });

  it("rejects out-of-range and taken ports", () => {
    const a = new NodePortAllocator(30000, 2768);
    expect(a.allocate(8080)).toBe("not-in-range");
    expect(a.allocate(30080)).toBe("ok");
    expect(a.allocate(30080)).toBe("allocated");
    expect(a.text).toBe("30000-32767");
  });
});
