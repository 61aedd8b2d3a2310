/**
 * Repairs UTF-8 text that was decoded as Windows-1252 or Latin-1 somewhere on its way to us
 * ("ì„œë¹„ìŠ¤" for "서비스", "í\u008c\u008cë\u0093œ" for "파드"): every character maps back to
 * one byte (Latin-1 for U+0000–U+00FF, the Windows-1252 table for its 0x80–0x9F punctuation),
 * and each run of non-ASCII characters is decoded as UTF-8 again. A run that is not valid UTF-8
 * stays as it was (real "café" is left alone), and nothing changes unless the result has more
 * Hangul than the input. Pure; no TextDecoder (strictness is spelled out here).
 */
import type { Bilingual } from "./text.ts";

export interface MojibakeRepair {
  readonly text: string;
  readonly repaired: boolean;
  readonly note?: Bilingual;
}

/** Windows-1252's 0x80–0x9F row; 0x81, 0x8D, 0x8F, 0x90 and 0x9D are unassigned (decoders pass them through as C1 controls). */
const cp1252High: readonly (number | undefined)[] = [
  0x20ac,
  undefined,
  0x201a,
  0x0192,
  0x201e,
  0x2026,
  0x2020,
  0x2021,
  0x02c6,
  0x2030,
  0x0160,
  0x2039,
  0x0152,
  undefined,
  0x017d,
  undefined,
  undefined,
  0x2018,
  0x2019,
  0x201c,
  0x201d,
  0x2022,
  0x2013,
  0x2014,
  0x02dc,
  0x2122,
  0x0161,
  0x203a,
  0x0153,
  undefined,
  0x017e,
  0x0178,
];

const byteOfCodePoint: ReadonlyMap<number, number> = new Map(
  cp1252High.flatMap((cp, i) => (cp === undefined ? [] : [[cp, 0x80 + i] as const])),
);

/** The byte a mis-decoded character stood for, if it can stand for one. */
function byteOf(cp: number): number | undefined {
  if (cp <= 0xff) return cp;
  return byteOfCodePoint.get(cp);
}

/** Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence. */
export function decodeUtf8(bytes: readonly number[]): string | undefined {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i]!;
    let need: number;
    let cp: number;
    let min: number;
    if (b0 < 0x80) {
      out += String.fromCharCode(b0);
      i++;
      continue;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      return undefined;
    }
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

const hangul = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]/gu;

function countHangul(text: string): number {
  return text.match(hangul)?.length ?? 0;
}

export function repairMojibake(text: string): MojibakeRepair {
  let out = "";
  let run: number[] = [];
  let runText = "";
  let runs = 0;
  const flush = (): void => {
    if (run.length === 0) return;
    const decoded = decodeUtf8(run);
    if (decoded !== undefined && decoded !== runText) {
      out += decoded;
      runs++;
    } else {
      out += runText;
    }
    run = [];
    runText = "";
  };
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const byte = cp >= 0x80 ? byteOf(cp) : undefined;
    if (byte === undefined) {
      flush();
      out += ch;
    } else {
      run.push(byte);
      runText += ch;
    }
  }
  flush();
  if (runs === 0 || countHangul(out) <= countHangul(text)) return { text, repaired: false };
  return {
    text: out,
    repaired: true,
    note: {
      ko: `UTF-8 글자가 Windows-1252(Latin-1)로 잘못 읽혀 깨져 있던 ${runs}곳을 복원했다. 원본 파일을 UTF-8로 다시 저장한다.`,
      en: `Repaired ${runs} runs of UTF-8 text that had been mis-decoded as Windows-1252 (Latin-1). Save the source as UTF-8.`,
    },
  };
}
