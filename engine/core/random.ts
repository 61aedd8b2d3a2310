/**
 * Seeded randomness. The engine never uses the host's random generator: every draw comes from a
 * stream derived from the cluster seed and a stream label, so that adding a new consumer
 * of randomness (say, DNS shuffling) does not change the names or IPs another consumer
 * draws. Algorithm: sfc32 seeded through splitmix32 — 32-bit integer maths only, so Node
 * and every browser produce the same sequence.
 */
import { fnv1a32 } from "./hash.ts";

/** Rejection sampling in `intn` gives up after this many draws (probability ~2^-64). */
const rejectionDrawsMax = 64;

export class RandomStream {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t >>> 0;
  }

  /** A uniform integer in [0, n). n must be a positive integer below 2^32. */
  intn(n: number): number {
    if (!(n > 0 && n <= 0x1_0000_0000 && Number.isInteger(n))) throw new RangeError(`intn: bad bound ${n}`);
    const limit = 0x1_0000_0000 - (0x1_0000_0000 % n);
    for (let i = 0; i < rejectionDrawsMax; i++) {
      const x = this.uint32();
      if (x < limit) return x % n;
    }
    return this.uint32() % n;
  }

  /** A uniform float in [0, 1) with 32 bits of precision. */
  float(): number {
    return this.uint32() / 0x1_0000_0000;
  }

  /** A string of `length` characters drawn uniformly from `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = "";
    for (let i = 0; i < length; i++) out += alphabet[this.intn(alphabet.length)];
    return out;
  }

  /** The full internal state, for snapshots. */
  save(): [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  load(state: readonly [number, number, number, number]): void {
    [this.a, this.b, this.c, this.d] = state;
  }
}

/** A family of independent streams, one per label, all derived from one seed. */
export class RandomSource {
  readonly seed: number;
  private readonly streams = new Map<string, RandomStream>();

  constructor(seed: number) {
    this.seed = seed >>> 0;
  }

  stream(label: string): RandomStream {
    let s = this.streams.get(label);
    if (!s) {
      s = new RandomStream((this.seed ^ fnv1a32(label)) >>> 0);
      this.streams.set(label, s);
    }
    return s;
  }

  save(): Record<string, [number, number, number, number]> {
    const out: Record<string, [number, number, number, number]> = {};
    for (const label of [...this.streams.keys()].sort()) out[label] = this.streams.get(label)!.save();
    return out;
  }

  /**
   * Restore saved states into the existing stream objects (components hold on to their
   * streams); a stream the saved state does not know is reset to its initial state.
   */
  load(state: Readonly<Record<string, readonly [number, number, number, number]>>): void {
    for (const [label, stream] of this.streams) {
      const saved = state[label];
      stream.load(saved ?? new RandomStream((this.seed ^ fnv1a32(label)) >>> 0).save());
    }
    for (const [label, st] of Object.entries(state)) this.stream(label).load(st);
  }
}
