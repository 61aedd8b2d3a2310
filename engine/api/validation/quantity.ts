/**
 * resource.Quantity as far as validation messages need it: parse, compare, and print in the
 * canonical form Quantity.String() gives ("0.5" → "500m", "1000m" → "1", "2048Mi" → "2Gi").
 * Values are exact: a BigInt mantissa times a power of ten.
 */

export type QuantityFormat = "DecimalSI" | "BinarySI" | "DecimalExponent";

export interface Quantity {
  /** value = mantissa × 10^exponent */
  readonly mantissa: bigint;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

/** ParseQuantity; undefined where upstream answers ErrFormatWrong / ErrSuffix. Numbers (YAML `cpu: 1`) are accepted. */
export function parseQuantity(input: unknown): Quantity | undefined {
  const text = typeof input === "number" && Number.isFinite(input) ? numberText(input) : input;
  if (typeof text !== "string") return undefined;
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text);
  if (!m) return undefined;
  const [, sign, whole, frac = "", suffix = ""] = m;
  if (whole!.length === 0 && frac.length === 0) return undefined;
  let mantissa = BigInt(`${whole || "0"}${frac}`);
  let exponent = -frac.length;
  let format: QuantityFormat;
  if (suffix in decimalSuffixes) {
    format = "DecimalSI";
    exponent += decimalSuffixes[suffix]!;
  } else if (suffix in binarySuffixes) {
    format = "BinarySI";
    mantissa *= 1024n ** BigInt(binarySuffixes[suffix]!);
  } else {
    const e = /^[eE]([+-]?[0-9]+)$/.exec(suffix);
    if (!e) return undefined;
    format = "DecimalExponent";
    exponent += Number(e[1]);
  }
  if (sign === "-") mantissa = -mantissa;
  // Precision below nano is rounded up, away from zero.
  if (exponent < -9) {
    const div = 10n ** BigInt(-9 - exponent);
    const neg = mantissa < 0n;
    const abs = neg ? -mantissa : mantissa;
    let q = abs / div;
    if (abs % div !== 0n) q += 1n;
    mantissa = neg ? -q : q;
    exponent = -9;
  }
  return { mantissa, exponent, format };
}

function numberText(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // 1e-7 and the like: print without an exponent so the parser reads the same value.
  return n.toFixed(20).replace(/\.?0+$/, "");
}

function scaled(q: Quantity, exponent: number): bigint {
  return q.mantissa * 10n ** BigInt(q.exponent - exponent);
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  const e = Math.min(a.exponent, b.exponent);
  const x = scaled(a, e);
  const y = scaled(b, e);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZeroQuantity(q: Quantity): boolean {
  return q.mantissa === 0n;
}

/** Whether the value is a whole number (MilliValue() % 1000 == 0). */
export function isIntegerQuantity(q: Quantity): boolean {
  if (q.exponent >= 0) return true;
  return q.mantissa % 10n ** BigInt(-q.exponent) === 0n;
}

/** Quantity.String(): the canonical text. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return "0";
  let format = q.format;
  if (format === "BinarySI") {
    const small =
      compareQuantity(q, { mantissa: 1024n, exponent: 0, format }) < 0 &&
      compareQuantity(q, { mantissa: -1024n, exponent: 0, format }) > 0;
    if (small || !isIntegerQuantity(q)) format = "DecimalSI";
  }
  const neg = q.mantissa < 0n;
  const sign = neg ? "-" : "";
  if (format === "BinarySI") {
    let n = scaled(q, 0);
    if (neg) n = -n;
    let power = 0;
    while (power < 6 && n % 1024n === 0n) {
      n /= 1024n;
      power++;
    }
    return `${sign}${n}${["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][power]}`;
  }
  let m = neg ? -q.mantissa : q.mantissa;
  let e = q.exponent;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  const r = ((e % 3) + 3) % 3;
  m *= 10n ** BigInt(r);
  e -= r;
  if (format === "DecimalExponent") return `${sign}${m}${e === 0 ? "" : `e${e}`}`;
  const suffix = Object.keys(decimalSuffixes).find((s) => decimalSuffixes[s] === e);
  return `${sign}${m}${suffix ?? `e${e}`}`;
}
