import { describe, expect, it } from "vitest";
import { TimerQueue } from "../../../engine/core/timers.ts";

describe("the timer queue", () => {
  it("pops timers in time order, ties in insertion order", () => {
    const q = new TimerQueue();
    q.schedule(30, "k", "c");
    q.schedule(10, "k", "a");
    q.schedule(10, "k", "b");
    const popped: string[] = [];
    for (let t = q.popDue(100); t; t = q.popDue(100)) popped.push(t.key);
    expect(popped).toEqual(["a", "b", "c"]);
  });

  it("does not pop a timer before it is due", () => {
    const q = new TimerQueue();
    q.schedule(50, "k", "x");
    expect(q.popDue(49)).toBeUndefined();
    expect(q.popDue(50)?.key).toBe("x");
  });

  it("replaces a timer of the same kind and key", () => {
    const q = new TimerQueue();
    q.schedule(10, "probe", "pod-a");
    q.schedule(20, "probe", "pod-a");
    expect(q.size).toBe(1);
    expect(q.peekMs()).toBe(20);
  });

  it("forgets a cancelled timer", () => {
    const q = new TimerQueue();
    q.schedule(10, "k", "x");
    q.cancel("k", "x");
    expect(q.peekMs()).toBeUndefined();
    expect(q.has("k", "x")).toBe(false);
  });

  it("restores a saved queue with the same order", () => {
    const q = new TimerQueue();
    q.schedule(5, "a", "1");
    q.schedule(3, "b", "2");
    const copy = new TimerQueue();
    copy.load(q.save());
    expect(copy.popDue(10)?.key).toBe("2");
    expect(copy.popDue(10)?.key).toBe("1");
  });
});
