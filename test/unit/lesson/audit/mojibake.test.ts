import { describe, expect, it } from "vitest";
import { decodeUtf8, repairMojibake } from "../../../../lesson/audit/index.ts";

/** What a Windows-1252 decoder makes of UTF-8 bytes (unassigned bytes pass through as C1 controls). */
function misdecode(text: string): string {
  const table: Record<number, number> = {
    128: 0x20ac,
    130: 0x201a,
    131: 0x0192,
    132: 0x201e,
    133: 0x2026,
    134: 0x2020,
    135: 0x2021,
    136: 0x02c6,
    137: 0x2030,
    138: 0x0160,
    139: 0x2039,
    140: 0x0152,
    142: 0x017d,
    145: 0x2018,
    146: 0x2019,
    147: 0x201c,
    148: 0x201d,
    149: 0x2022,
    150: 0x2013,
    151: 0x2014,
    152: 0x02dc,
    153: 0x2122,
    154: 0x0161,
    155: 0x203a,
    156: 0x0153,
    158: 0x017e,
    159: 0x0178,
  };
  return [...new TextEncoder().encode(text)].map((b) => String.fromCodePoint(table[b] ?? b)).join("");
}

const note = (runs: number) => ({
  ko: `UTF-8 글자가 Windows-1252(Latin-1)로 잘못 읽혀 깨져 있던 ${runs}곳을 복원했다. 원본 파일을 UTF-8로 다시 저장한다.`,
  en: `Repaired ${runs} runs of UTF-8 text that had been mis-decoded as Windows-1252 (Latin-1). Save the source as UTF-8.`,
});

describe("repairMojibake", () => {
  it("repairs 파드 written with Latin-1 C1 controls and Windows-1252 punctuation mixed", () => {
    expect(repairMojibake("í\u008c\u008cë\u0093œ")).toEqual({ text: "파드", repaired: true, note: note(1) });
  });

  it("repairs 서비스 and leaves the ASCII around it as it was", () => {
    expect(repairMojibake("kubectl get svc # ì„œë¹„ìŠ¤ 확인")).toEqual({
      text: "kubectl get svc # 서비스 확인",
      repaired: true,
      note: note(1),
    });
  });

  it("repairs a whole mis-decoded lesson, one run per word", () => {
    const lesson = "# 서비스와 엔드포인트\n\n`kubectl get ep`로 확인합니다.\n";
    expect(repairMojibake(misdecode(lesson))).toEqual({ text: lesson, repaired: true, note: note(4) });
  });

  it("leaves correct Korean text alone", () => {
    expect(repairMojibake("파드가 Running이 될 때까지 기다립니다.")).toEqual({
      text: "파드가 Running이 될 때까지 기다립니다.",
      repaired: false,
    });
  });

  it("leaves real Latin-1 text alone because it is not valid UTF-8", () => {
    expect(repairMojibake("café – naïve")).toEqual({ text: "café – naïve", repaired: false });
  });

  it("leaves text alone when the repair would not add Hangul", () => {
    expect(repairMojibake("Ã©tÃ©")).toEqual({ text: "Ã©tÃ©", repaired: false });
  });
});

describe("decodeUtf8", () => {
  it("decodes one- to four-byte sequences", () => {
    expect(decodeUtf8([0x41, 0xc3, 0xa9, 0xed, 0x8c, 0x8c, 0xf0, 0x9f, 0x93, 0x92])).toBe("Aé파📒");
  });

  it("rejects overlong forms, surrogates, truncated sequences and stray continuation bytes", () => {
    expect([
      decodeUtf8([0xc0, 0xaf]),
      decodeUtf8([0xe0, 0x80, 0xaf]),
      decodeUtf8([0xed, 0xa0, 0x80]),
      decodeUtf8([0xed, 0x8c]),
      decodeUtf8([0x8c]),
      decodeUtf8([0xf5, 0x80, 0x80, 0x80]),
    ]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
