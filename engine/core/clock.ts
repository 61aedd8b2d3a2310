/**
 * Virtual time. The simulation reads time only from here; nothing depends on wall time.
 * Milliseconds since the Unix epoch, as integers. The clock only moves when the simulation
 * is told to advance it.
 */
/** The last instant a JavaScript Date (and so an RFC 3339 timestamp here) can hold. */
export const timeMaxMs = 8_640_000_000_000_000;

export class VirtualClock {
  private ms: number;

  constructor(startMs: number) {
    this.ms = Math.floor(startMs);
  }

  get nowMs(): number {
    return this.ms;
  }

  advanceTo(ms: number): void {
    if (ms > this.ms) this.ms = Math.floor(Math.min(ms, timeMaxMs));
  }

  /** Set the time outright: only restoring a snapshot may move the clock back. */
  restoreTo(ms: number): void {
    this.ms = Math.floor(ms);
  }

  /** Kubernetes `metav1.Time` text: RFC 3339 in UTC with whole seconds. */
  rfc3339(ms: number = this.ms): string {
    return formatRfc3339(ms);
  }
}

let cachedSecond = Number.NaN;
let cachedText = "";

export function formatRfc3339(ms: number): string {
  // Far-future instants (a huge grace period) are shown as the last representable second.
  const second = Math.floor((Number.isFinite(ms) ? Math.min(Math.max(ms, -timeMaxMs), timeMaxMs) : timeMaxMs) / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedText = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
  }
  return cachedText;
}

export function parseRfc3339(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** RFC 9110 IMF-fixdate, the HTTP `Date` header: `Mon, 01 Sep 2025 09:00:05 GMT` (what toUTCString specifies). */
export function formatHttpDate(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Servers stamp every response; within one virtual second the text is the same.
  if (second !== lastHttpDateSecond) {
    lastHttpDateSecond = second;
    lastHttpDate = new Date(second * 1000).toUTCString();
  }
  return lastHttpDate;
}

let lastHttpDateSecond = Number.NaN;
let lastHttpDate = "";
