/** The lesson compiler: Markdown → `Lesson` (lesson/model.ts). */
export { compileLesson, maxLessonLength } from "./compile.ts";
export { rules } from "./diagnostics.ts";
