// The course: the lessons collection in `order`, and the little each page needs about all of them.
import { getCollection } from "astro:content";

export interface LessonEntry {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
  /** Relative to the project root (`content/01-clusterip.md`). */
  readonly file: string;
}

export async function lessons(): Promise<LessonEntry[]> {
  const entries = await getCollection("lessons");
  return entries
    .map((e) => ({
      slug: e.id,
      title: e.data.title,
      description: e.data.description,
      order: e.data.order,
      file: e.filePath ?? `content/${e.id}.md`,
    }))
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

export const lessonPath = (slug: string): string => `/lessons/${slug}/`;

/** A linked `NN-name.md` → its page. */
export function linker(all: readonly LessonEntry[]): (file: string) => string | undefined {
  return (file) => {
    const hit = all.find((l) => l.file.endsWith(`/${file}`) || l.file === file);
    return hit ? lessonPath(hit.slug) : undefined;
  };
}
