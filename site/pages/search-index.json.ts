// /search-index.json: per lesson its title, headings and search terms (site/search-terms.ts).
// The text is the rendered page's (prose, headings, code and verified output), so the index
// matches what a reader sees.
import type { APIRoute } from "astro";
import { lessons, linker } from "../lib/course.ts";
import { lessonData } from "../lib/lessons.ts";
import { renderLesson } from "../lib/render.ts";
import { indexTerms, type SearchDoc } from "../search-terms.ts";

export const GET: APIRoute = async () => {
  const all = await lessons();
  const docs: SearchDoc[] = [];
  for (const l of all) {
    const page = await renderLesson(await lessonData(l.file), linker(all));
    const t = indexTerms(`${l.title}\n${l.description}\n${page.text}`);
    docs.push({
      slug: l.slug,
      title: l.title,
      description: l.description,
      order: l.order,
      headings: page.toc.map(({ id, text }) => ({ id, text })),
      bigrams: t.bigrams,
      words: t.words,
    });
  }
  return new Response(JSON.stringify({ version: 1, lessons: docs }), {
    headers: { "content-type": "application/json; charset=utf-8" },
  });
};
