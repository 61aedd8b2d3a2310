/**
 * The Go strconv parsers the generators use, with Go's error texts; expectations are what
 * Go 1.24's strconv returns for the same input.
 */
import { describe, expect, it } from "vitest";
import { atoi, parseIntOrString, parseUint16, toInt32 } from "../../../../engine/kubectl/generate/strconv.ts";

describe("strconv.Atoi", () => {
  it("reads an optional sign and decimal digits", () => {
    expect(atoi("80")).toEqual({ ok: true, value: 80 });
    expect(atoi("+80")).toEqual({ ok: true, value: 80 });
    expect(atoi("-1")).toEqual({ ok: true, value: -1 });
    expect(atoi("007")).toEqual({ ok: true, value: 7 });
  });

  it("rejects anything else as invalid syntax, quoting the input", () => {
    for (const bad of ["", "+", "-", "8 0", "0x50", "1_000", "http", "８０"]) {
      expect(atoi(bad)).toEqual({ ok: false, message: `strconv.Atoi: parsing ${JSON.stringify(bad)}: invalid syntax` });
    }
  });

  it("reports values beyond int64 as out of range, whichever problem comes first", () => {
    expect(atoi("9223372036854775807")).toEqual({ ok: true, value: 2 ** 63 });
    expect(atoi("-9223372036854775808")).toEqual({ ok: true, value: -(2 ** 63) });
    expect(atoi("9223372036854775808")).toEqual({
      ok: false,
      message: 'strconv.Atoi: parsing "9223372036854775808": value out of range',
    });
    expect(atoi("99999999999999999999x")).toEqual({
      ok: false,
      message: 'strconv.Atoi: parsing "99999999999999999999x": value out of range',
    });
  });
});

describe("strconv.ParseUint(s, 10, 16)", () => {
  it("takes 0 to 65535 without a sign", () => {
    expect(parseUint16("0")).toEqual({ ok: true, value: 0 });
    expect(parseUint16("65535")).toEqual({ ok: true, value: 65535 });
    expect(parseUint16("65536")).toEqual({
      ok: false,
      message: 'strconv.ParseUint: parsing "65536": value out of range',
    });
    expect(parseUint16("-1")).toEqual({ ok: false, message: 'strconv.ParseUint: parsing "-1": invalid syntax' });
    expect(parseUint16("")).toEqual({ ok: false, message: 'strconv.ParseUint: parsing "": invalid syntax' });
  });
});

describe("int32 conversion and intstr.Parse", () => {
  it("wraps as Go's int32(x) does", () => {
    expect(toInt32(2147483648)).toBe(-2147483648);
    expect(toInt32(4294967376)).toBe(80);
  });

  it("reads a number as a number and anything else as a name", () => {
    expect(parseIntOrString("8080")).toBe(8080);
    expect(parseIntOrString("http")).toBe("http");
    expect(parseIntOrString("80a")).toBe("80a");
  });
});
