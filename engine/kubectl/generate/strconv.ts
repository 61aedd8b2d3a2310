/**
 * The few Go strconv parsers kubectl's generators call on flag text, with Go's error texts
 * (`strconv.Atoi: parsing "x": invalid syntax`, `… value out of range`). Scanning goes left
 * to right and the first problem wins, as in Go.
 */
import { goQuote } from "../../api/status.ts";

export type ParsedInt =
  | { readonly ok: true; readonly value: number }
  | { readonly ok: false; readonly message: string };

function numError(fn: string, text: string, reason: "invalid syntax" | "value out of range"): ParsedInt {
  return { ok: false, message: `strconv.${fn}: parsing ${goQuote(text)}: ${reason}` };
}

/** Unsigned decimal digits into a BigInt no larger than `max`; the first bad character or overflow wins. */
function scanUnsigned(digits: string, max: bigint): bigint | "invalid syntax" | "value out of range" {
  if (digits.length === 0) return "invalid syntax";
  let n = 0n;
  for (const ch of digits) {
    if (ch < "0" || ch > "9") return "invalid syntax";
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > max) return "value out of range";
  }
  return n;
}

const maxUint64 = (1n << 64n) - 1n;
const int64Cutoff = 1n << 63n;

/** strconv.Atoi on a 64-bit platform: optional sign, decimal digits, int64 range (the value as a JS number, exact to 2^53). */
export function atoi(text: string): ParsedInt {
  let digits = text;
  let negative = false;
  if (text.startsWith("+") || text.startsWith("-")) {
    negative = text.startsWith("-");
    digits = text.slice(1);
  }
  const n = scanUnsigned(digits, maxUint64);
  if (typeof n === "string") return numError("Atoi", text, n);
  if ((!negative && n >= int64Cutoff) || (negative && n > int64Cutoff))
    return numError("Atoi", text, "value out of range");
  return { ok: true, value: Number(negative ? -n : n) };
}

/** strconv.ParseUint(text, 10, 16), which k8s.io/utils/net.ParsePort calls: no sign, 0…65535. */
export function parseUint16(text: string): ParsedInt {
  const n = scanUnsigned(text, 65535n);
  if (typeof n === "string") return numError("ParseUint", text, n);
  return { ok: true, value: Number(n) };
}

/** Go's int32(x) conversion: wraps modulo 2^32. */
export function toInt32(n: number): number {
  return Number(BigInt.asIntN(32, BigInt(n)));
}

/** intstr.Parse: a number when strconv.Atoi accepts the text (as int32), else the text itself. */
export function parseIntOrString(text: string): number | string {
  const n = atoi(text);
  return n.ok ? toInt32(n.value) : text;
}
