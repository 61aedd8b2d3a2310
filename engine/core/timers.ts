/**
 * A queue of things due at a virtual time, as plain data so that snapshots can copy it.
 * Each timer has a `kind` (which handler runs it) and a `key` (what it is about); a timer
 * with the same kind and key replaces the earlier one. Ties are broken by insertion order.
 */
export interface Timer {
  readonly atMs: number;
  readonly seq: number;
  readonly kind: string;
  readonly key: string;
  /** kind + NUL + key, computed once. */
  readonly id: string;
}

export interface TimerQueueState {
  readonly heap: readonly Timer[];
  readonly seq: number;
}

export class TimerQueue {
  private heap: Timer[] = [];
  private seq = 0;
  /** kind + "\0" + key → the seq of the live timer; anything else in the heap is stale. */
  private live = new Map<string, number>();

  schedule(atMs: number, kind: string, key: string): void {
    const id = `${kind}\0${key}`;
    const timer: Timer = { atMs, seq: this.seq++, kind, key, id };
    this.live.set(id, timer.seq);
    this.push(timer);
  }

  cancel(kind: string, key: string): void {
    this.live.delete(`${kind}\0${key}`);
  }

  has(kind: string, key: string): boolean {
    return this.live.has(`${kind}\0${key}`);
  }

  /** The time of the earliest live timer, or undefined when none is pending. */
  peekMs(): number | undefined {
    this.dropStale();
    return this.heap[0]?.atMs;
  }

  /** Removes and returns the earliest live timer due at or before `nowMs`. */
  popDue(nowMs: number): Timer | undefined {
    this.dropStale();
    const top = this.heap[0];
    if (!top || top.atMs > nowMs) return undefined;
    this.pop();
    this.live.delete(top.id);
    return top;
  }

  get size(): number {
    return this.live.size;
  }

  save(): TimerQueueState {
    this.dropStale();
    return { heap: this.heap.filter((t) => this.isLive(t)), seq: this.seq };
  }

  load(state: TimerQueueState): void {
    this.heap = [];
    this.live.clear();
    this.seq = state.seq;
    for (const t of state.heap) {
      this.live.set(t.id, t.seq);
      this.push(t);
    }
  }

  private isLive(t: Timer): boolean {
    return this.live.get(t.id) === t.seq;
  }

  private dropStale(): void {
    while (this.heap.length > 0 && !this.isLive(this.heap[0]!)) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
