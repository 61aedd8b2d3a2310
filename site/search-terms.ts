// Search terms that work for Korean without a dictionary: Hangul is indexed as character
// bigrams, so `엔드포인트` (엔드 드포 포인 인트) finds a page that only says `엔드포인트가` or
// `엔드포인트를`; Latin words (kubectl, targetPort) are lowercased whole words matched by prefix.
// A query word ending in a particle also matches its stem. Shared by the build (site/pages/search-index.json.ts) and the search box (site/search.ts).

export interface SearchDoc {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
  readonly headings: readonly { readonly id: string; readonly text: string }[];
  /** Hangul character bigrams of the page's text. */
  readonly bigrams: readonly string[];
  /** Lowercase Latin/digit words of the page's text. */
  readonly words: readonly string[];
}

const hangulRun = /[\p{Script=Hangul}]+/gu;
const latinWord = /[a-z0-9]+/g;

/** The terms of a text: Hangul runs (length ≥ 1) and lowercase Latin words. */
export function terms(text: string): { hangul: string[]; words: string[] } {
  const lower = text.normalize("NFC").toLowerCase();
  return { hangul: lower.match(hangulRun) ?? [], words: lower.match(latinWord) ?? [] };
}

export function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

export function indexTerms(text: string): { bigrams: string[]; words: string[] } {
  const t = terms(text);
  const b = new Set<string>();
  for (const run of t.hangul) for (const g of bigrams(run)) if (g.length === 2) b.add(g);
  const w = new Set(t.words.filter((x) => x.length >= 2 || /\d/.test(x)));
  return { bigrams: [...b].sort(), words: [...w].sort() };
}

/** Particles (josa) a query word may end with: `셀렉터를` also finds `셀렉터가`. Longest first. */
const particles = [
  "에서부터",
  "으로부터",
  "에게서",
  "한테서",
  "이라고",
  "에서",
  "에게",
  "한테",
  "으로",
  "부터",
  "까지",
  "처럼",
  "보다",
  "이나",
  "이랑",
  "하고",
  "라고",
  "을",
  "를",
  "이",
  "가",
  "은",
  "는",
  "의",
  "에",
  "로",
  "와",
  "과",
  "도",
  "만",
  "나",
  "랑",
];

/** A query word and, when it ends with a particle, its stem (at least two syllables). */
export function variants(run: string): string[] {
  const out = [run];
  for (const p of particles)
    if (run.endsWith(p) && [...run].length - [...p].length >= 2) {
      out.push(run.slice(0, run.length - p.length));
      break;
    }
  return out;
}

function hasRun(doc: SearchDoc, bg: ReadonlySet<string>, run: string): boolean {
  return [...run].length === 1 ? doc.bigrams.some((g) => g.includes(run)) : bigrams(run).every((g) => bg.has(g));
}

export interface SearchHit {
  readonly doc: SearchDoc;
  readonly score: number;
  /** The first heading that mentions the query, for a deep link. */
  readonly heading?: { readonly id: string; readonly text: string };
}

/** Lessons whose text has every term of the query (AND), best first. */
export function search(docs: readonly SearchDoc[], query: string): SearchHit[] {
  const q = terms(query);
  if (q.hangul.length === 0 && q.words.length === 0) return [];
  const needle = query.normalize("NFC").toLowerCase().trim();
  const hits: SearchHit[] = [];
  for (const doc of docs) {
    const bg = new Set(doc.bigrams);
    const ok =
      q.hangul.every((run) => variants(run).some((v) => hasRun(doc, bg, v))) &&
      q.words.every((w) => doc.words.some((x) => x.startsWith(w)));
    if (!ok) continue;
    const parts = [...q.hangul.map((run) => variants(run).at(-1)!), ...q.words];
    const inTitle = parts.filter((p) => doc.title.toLowerCase().includes(p)).length;
    const heading = doc.headings.find((hd) => parts.every((p) => hd.text.toLowerCase().includes(p)));
    const inDesc = parts.filter((p) => doc.description.toLowerCase().includes(p)).length;
    const score = inTitle * 4 + (heading ? 2 : 0) + inDesc + (doc.title.toLowerCase().includes(needle) ? 4 : 0);
    hits.push(heading ? { doc, score, heading } : { doc, score });
  }
  return hits.sort((a, b) => b.score - a.score || a.doc.order - b.doc.order);
}
