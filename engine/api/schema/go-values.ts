/**
 * The checks Go runs when it decodes the few API types with their own JSON decoding, written
 * from the behaviour of the upstream code (no code copied), so the decoder can report the same
 * errors with the same text:
 *
 * - resource.Quantity: k8s.io/apimachinery/pkg/api/resource (quantity.go ParseQuantity,
 *   parseQuantityString; suffix.go interpret).
 * - metav1.Time and metav1.MicroTime: time.Parse with time.RFC3339 and
 *   "2006-01-02T15:04:05.000000Z07:00" (Go's src/time/format.go: parse, ParseError.Error, quote).
 * - []byte: encoding/base64 StdEncoding.Decode (CorruptInputError).
 * - integers: strconv.ParseInt / ParseUint ranges.
 *
 * Each check returns the error text, or undefined when Go would accept the value.
 */
import { utf8 } from "./json.ts";

// ------------------------------------------------------------------------------------------
// resource.Quantity

export const quantityErrors = {
  format: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  numeric: "unable to parse numeric part of quantity",
  suffix: "unable to parse quantity's suffix",
} as const;

const GO_SPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

const decimalSuffixes = new Set(["n", "u", "m", "", "k", "M", "G", "T", "P", "E"]);
const binarySuffixes = new Set(["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]);

/**
 * `raw` is what Quantity.UnmarshalJSON receives with the surrounding quotes removed: the string
 * literal's text (escapes still escaped) or the bare number, `true`, `{…}` and so on.
 */
export function quantityError(raw: string): string | undefined {
  const str = raw.replace(GO_SPACE, "");
  if (str === "") return quantityErrors.format;
  const isDigit = (i: number): boolean => i < str.length && str[i]! >= "0" && str[i]! <= "9";
  let pos = str[0] === "-" || str[0] === "+" ? 1 : 0;
  while (isDigit(pos)) pos++;
  if (pos < str.length && str[pos] === ".") {
    pos++;
    while (isDigit(pos)) pos++;
  }
  if (pos === str.length) return undefined; // a number without suffix
  const numberPart = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < str.length && "eEinumkKMGTP".includes(str[pos]!)) pos++;
  if (pos < str.length && (str[pos] === "-" || str[pos] === "+")) pos++;
  while (isDigit(pos)) pos++;
  if (pos < str.length) return quantityErrors.format;
  const suffix = str.slice(suffixStart);
  let exponent = 0;
  if (!decimalSuffixes.has(suffix) && !binarySuffixes.has(suffix)) {
    // A decimal exponent: e or E and a base-10 int64 (which Go then narrows to int32).
    if (suffix.length < 2 || (suffix[0] !== "e" && suffix[0] !== "E")) return quantityErrors.suffix;
    if (!goIntInRange(suffix.slice(1), 64, false)) return quantityErrors.suffix;
    exponent = Number(BigInt.asIntN(32, BigInt(suffix.slice(1))));
  }
  // Go parses on an int64 fast path when it can; otherwise as a decimal, which needs a digit. A
  // number part without digits ("", ".", "-") only leaves the fast path for scales below nano or
  // for Pi and Ei.
  if (/[0-9]/.test(numberPart)) return undefined;
  if (suffix === "Pi" || suffix === "Ei" || exponent < -9) return quantityErrors.numeric;
  return undefined;
}

// ------------------------------------------------------------------------------------------
// Integers

/** strconv.ParseInt(text, 10, bits) (or ParseUint) succeeds and the value fits. */
export function goIntInRange(text: string, bits: 8 | 32 | 64, unsigned: boolean): boolean {
  if (!(unsigned ? /^\d+$/ : /^[+-]?\d+$/).test(text)) return false;
  const n = BigInt(text);
  if (unsigned) return n <= (1n << BigInt(bits)) - 1n;
  const max = (1n << BigInt(bits - 1)) - 1n;
  return n <= max && n >= -max - 1n;
}

// ------------------------------------------------------------------------------------------
// metav1.Time, metav1.MicroTime

export const RFC3339 = "2006-01-02T15:04:05Z07:00";
export const RFC3339_MICRO = "2006-01-02T15:04:05.000000Z07:00";

type Std = "year" | "month" | "day" | "hour" | "minute" | "second" | "frac6" | "zone";

/** The layouts as time.Parse splits them: literal prefix, then a layout element. */
function chunks(micro: boolean): readonly (readonly [string, Std, string])[] {
  return [
    ["", "year", "2006"],
    ["-", "month", "01"],
    ["-", "day", "02"],
    ["T", "hour", "15"],
    [":", "minute", "04"],
    [":", "second", "05"],
    ...(micro ? ([["", "frac6", ".000000"]] as const) : []),
    ["", "zone", "Z07:00"],
  ];
}

/** Go's time.quote: bytes outside printable ASCII as \xNN, `"` and `\` escaped. */
function timeQuote(bytes: readonly number[]): string {
  let out = '"';
  for (const b of bytes) {
    if (b >= 0x80 || b < 0x20) out += `\\x${b.toString(16).padStart(2, "0")}`;
    else if (b === 0x22 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else out += String.fromCharCode(b);
  }
  return `${out}"`;
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

function daysIn(month: number, year: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The error of time.Parse(RFC3339 or RFC3339Micro layout, value), or undefined. */
export function timeError(value: string, micro: boolean): string | undefined {
  const layout = micro ? RFC3339_MICRO : RFC3339;
  const all = utf8(value);
  const cannot = (valueElem: readonly number[], layoutElem: string): string =>
    `parsing time ${timeQuote(all)} as ${timeQuote(ascii(layout))}: cannot parse ${timeQuote(valueElem)} as ${timeQuote(ascii(layoutElem))}`;
  const message = (m: string): string => `parsing time ${timeQuote(all)}${m}`;
  const digit = (v: readonly number[], i: number): boolean => i < v.length && v[i]! >= 0x30 && v[i]! <= 0x39;
  /** getnum: one or two digits (two when fixed). */
  const getnum = (v: readonly number[], fixed: boolean): [number, number[]] | undefined => {
    if (!digit(v, 0)) return undefined;
    if (!digit(v, 1)) return fixed ? undefined : [v[0]! - 0x30, v.slice(1)];
    return [(v[0]! - 0x30) * 10 + (v[1]! - 0x30), v.slice(2)];
  };
  /** Go's time.atoi: optional sign, then only digits. */
  const atoi = (v: readonly number[]): number | undefined => {
    let i = 0;
    let neg = false;
    if (v.length > 0 && (v[0] === 0x2d || v[0] === 0x2b)) {
      neg = v[0] === 0x2d;
      i = 1;
    }
    let n = 0;
    for (; i < v.length; i++) {
      if (!digit(v, i)) return undefined;
      n = n * 10 + (v[i]! - 0x30);
    }
    return neg ? -n : n;
  };
  let rest: number[] = all;
  let year = 0;
  let month = -1;
  let day = -1;
  for (const [prefix, std, stdstr] of chunks(micro)) {
    for (const p of ascii(prefix)) {
      if (rest.length === 0 || rest[0] !== p) return cannot(rest, prefix);
      rest = rest.slice(1);
    }
    const hold = rest;
    let bad = false;
    let range = "";
    switch (std) {
      case "year": {
        if (rest.length < 4 || !digit(rest, 0)) {
          bad = true;
          break;
        }
        const y = atoi(rest.slice(0, 4));
        rest = rest.slice(4);
        if (y === undefined) bad = true;
        else year = y;
        break;
      }
      case "month":
      case "day":
      case "minute": {
        const got = getnum(rest, true);
        if (!got) {
          bad = true;
          break;
        }
        rest = got[1];
        if (std === "month") month = got[0];
        if (std === "day") day = got[0];
        if (std === "month" && (got[0] <= 0 || got[0] > 12)) range = "month";
        if (std === "minute" && got[0] >= 60) range = "minute";
        break;
      }
      case "hour": {
        const got = getnum(rest, false);
        if (!got) bad = true;
        else {
          rest = got[1];
          if (got[0] >= 24) range = "hour";
        }
        break;
      }
      case "second": {
        const got = getnum(rest, true);
        if (!got) {
          bad = true;
          break;
        }
        rest = got[1];
        if (got[0] >= 60) {
          range = "second";
          break;
        }
        // A fraction the layout does not mention is allowed (and only RFC3339 lacks one).
        if (!micro && rest.length >= 2 && (rest[0] === 0x2e || rest[0] === 0x2c) && digit(rest, 1)) {
          let n = 2;
          while (digit(rest, n)) n++;
          rest = rest.slice(n);
        }
        break;
      }
      case "frac6": {
        if (rest.length < 7) {
          bad = true;
          break;
        }
        const frac = rest.slice(0, 7);
        rest = rest.slice(7);
        if (frac[0] !== 0x2e && frac[0] !== 0x2c) {
          bad = true;
          break;
        }
        const ns = atoi(frac.slice(1));
        if (ns === undefined) bad = true;
        else if (ns < 0) range = "fractional second";
        break;
      }
      case "zone": {
        if (rest.length >= 1 && rest[0] === 0x5a) {
          rest = rest.slice(1);
          break;
        }
        if (rest.length < 6 || rest[3] !== 0x3a) {
          bad = true;
          break;
        }
        const sign = rest[0];
        const hh = getnum(rest.slice(1, 3), true);
        const mm = hh ? getnum(rest.slice(4, 6), true) : undefined;
        rest = rest.slice(6);
        if (!hh || !mm) bad = true;
        if (hh && hh[0] > 24) range = "time zone offset hour";
        if (mm && mm[0] > 60) range = "time zone offset minute";
        if (sign !== 0x2b && sign !== 0x2d) bad = true;
        break;
      }
    }
    if (range !== "") return message(`: ${range} out of range`);
    if (bad) return cannot(hold, stdstr);
  }
  if (rest.length > 0) return message(`: extra text: ${timeQuote(rest)}`);
  if (day < 1 || day > daysIn(month, year)) return message(": day out of range");
  return undefined;
}

// ------------------------------------------------------------------------------------------
// []byte

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const b64Index = new Map([...B64].map((c, i) => [c.charCodeAt(0), i]));

/** base64.StdEncoding.Decode's error for the string's UTF-8 bytes: `illegal base64 data at input byte N`. */
export function base64Error(value: string): string | undefined {
  const src = utf8(value);
  const corrupt = (at: number): string => `illegal base64 data at input byte ${at}`;
  const isNewline = (b: number | undefined): boolean => b === 0x0a || b === 0x0d;
  let si = 0;
  while (si < src.length) {
    // One quantum of up to four characters; CR and LF are skipped anywhere.
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return corrupt(si - j);
      }
      const c = src[si++]!;
      if (b64Index.has(c)) continue;
      if (isNewline(c)) {
        j--;
        continue;
      }
      if (c !== 0x3d || j < 2) return corrupt(si - 1);
      if (j === 2) {
        // "==" expected: the second "=" may follow newlines.
        while (isNewline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== 0x3d) return corrupt(si - 1);
        si++;
      }
      while (isNewline(src[si])) si++;
      return si < src.length ? corrupt(si) : undefined;
    }
  }
  return undefined;
}

/** Decodes a string base64Error accepted. */
export function base64Decode(value: string): number[] {
  const bits = utf8(value).filter((c) => b64Index.has(c));
  const out: number[] = [];
  for (let i = 0; i + 1 < bits.length; i += 4) {
    const q = bits.slice(i, i + 4).map((c) => b64Index.get(c)!);
    const n = (q[0]! << 18) | (q[1]! << 12) | ((q[2] ?? 0) << 6) | (q[3] ?? 0);
    out.push((n >> 16) & 255);
    if (q.length > 2) out.push((n >> 8) & 255);
    if (q.length > 3) out.push(n & 255);
  }
  return out;
}

export function base64Encode(bytes: readonly number[]): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? B64[n & 63]! : "=";
  }
  return out;
}
