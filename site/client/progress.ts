/**
 * Exercise progress in localStorage: `kubook:progress:<lesson>` → JSON array of the exercise
 * ids the reader passed; `kubook:exercises:<lesson>` → the lesson's exercise ids, recorded
 * when its page is opened, so that other pages (the course home) can show "1/2".
 */
const progressKey = (lesson: string) => `kubook:progress:${lesson}`;
const exercisesKey = (lesson: string) => `kubook:exercises:${lesson}`;

function readList(key: string): string[] | undefined {
  try {
    const raw = localStorage.getItem(key);
    if (raw === null) return undefined;
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
  } catch {
    return undefined;
  }
}

function writeList(key: string, list: readonly string[]): void {
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Storage full or disabled (private mode): progress is not remembered.
  }
}

export function passedExercises(lesson: string): string[] {
  return readList(progressKey(lesson)) ?? [];
}

export function markPassed(lesson: string, id: string): void {
  const passed = passedExercises(lesson);
  if (!passed.includes(id)) writeList(progressKey(lesson), [...passed, id]);
  refreshProgress(document);
}

export function recordExercises(lesson: string, ids: readonly string[]): void {
  const known = readList(exercisesKey(lesson));
  if (!known || known.join("\n") !== ids.join("\n")) writeList(exercisesKey(lesson), ids);
}

/**
 * Fill every `[data-kubook-progress="<slug>"]` mark: "k/n" (n from `data-kubook-total`, else
 * from the lesson's recorded exercise ids), with `data-kubook-complete` when all are passed;
 * "✓" alone when the number of exercises is unknown and one is passed. Exercise sections of
 * the current page get `data-kubook-passed`.
 */
export function refreshProgress(root: ParentNode): void {
  for (const mark of root.querySelectorAll<HTMLElement>("[data-kubook-progress]")) {
    const slug = mark.dataset.kubookProgress ?? "";
    const ids = readList(exercisesKey(slug));
    const passed = passedExercises(slug).filter((id) => !ids || ids.includes(id)).length;
    const declared = Number(mark.dataset.kubookTotal);
    const total = Number.isFinite(declared) && mark.dataset.kubookTotal ? declared : ids?.length;
    if (total === undefined) {
      mark.textContent = passed > 0 ? "✓" : "";
      mark.toggleAttribute("data-kubook-complete", false);
    } else if (total === 0) {
      mark.textContent = "";
    } else {
      const complete = passed >= total;
      mark.textContent = complete ? `✓ ${passed}/${total}` : `${passed}/${total}`;
      mark.toggleAttribute("data-kubook-complete", complete);
    }
    mark.title = total ? `연습 ${total}개 중 ${passed}개 통과` : passed > 0 ? "연습 통과" : "";
  }
  const article = root.querySelector<HTMLElement>("[data-kubook-lesson]");
  if (!article) return;
  const passed = new Set(passedExercises(article.dataset.kubookLesson ?? ""));
  for (const ex of article.querySelectorAll<HTMLElement>("[data-kubook-exercise]"))
    ex.toggleAttribute("data-kubook-passed", passed.has(ex.dataset.kubookExercise ?? ""));
}
