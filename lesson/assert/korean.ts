/**
 * Korean particles that depend on the last syllable (이/가, 은/는, 이어야/여야, 이다/다).
 * Exact for Hangul and for numbers read in Sino-Korean; other text gets the vowel form
 * (messages put arbitrary text in "기대: …, 실제: …" form so they never need a particle).
 */

/** Whether a number read aloud (Sino-Korean) ends in a consonant: 영 일 삼 육 칠 팔 십 백 천 만. */
function numberHasBatchim(n: number): boolean {
  const i = Math.abs(Math.trunc(n));
  if (i === 0) return true;
  const d = i % 10;
  if (d !== 0) return [1, 3, 6, 7, 8].includes(d);
  // 십 백 천 have final consonants, and so does 만 and every larger unit (억 조).
  return true;
}

/** Whether the word's last syllable has a final consonant. */
export function hasBatchim(word: string): boolean {
  const trimmed = word.replace(/\([^()]*\)\s*$/, "").replace(/[\s"'`.,:;!?)\]]+$/, "");
  const last = trimmed.at(-1) ?? "";
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  const digits = /([0-9]+)$/.exec(trimmed);
  if (digits) return numberHasBatchim(Number(digits[1]));
  return false;
}

/** `word` followed by the right form of a particle written as `consonant/vowel`, e.g. `이/가`. */
export function josa(word: string, forms: "이/가" | "은/는" | "을/를" | "과/와" | "이어야/여야" | "이다/다"): string {
  const [withBatchim, without] = forms.split("/") as [string, string];
  return word + (hasBatchim(word) ? withBatchim : without);
}
