/**
 * A small shape checker for the YAML kubook reads (frontmatter, assertions): each problem has
 * the key path it is about, so the caller can point at the line that holds it.
 */

export type Shape =
  | { readonly type: "string"; readonly pattern?: RegExp; readonly hint?: { readonly ko: string; readonly en: string } }
  | { readonly type: "regexp" }
  | { readonly type: "int"; readonly min?: number; readonly max?: number }
  | { readonly type: "number"; readonly min?: number }
  | { readonly type: "bool" }
  | { readonly type: "enum"; readonly values: readonly string[] }
  | { readonly type: "list"; readonly of: Shape }
  | { readonly type: "map"; readonly fields: Readonly<Record<string, Field>> }
  /** Any mapping (object fields by path). */
  | { readonly type: "record" }
  | { readonly type: "any" };

export interface Field {
  readonly shape: Shape;
  readonly required?: boolean;
}

export type Path = readonly (string | number)[];

export interface ShapeProblem {
  readonly path: Path;
  readonly kind: "missing" | "unknown" | "invalid";
  readonly ko: string;
  readonly en: string;
}

export function showPath(path: Path): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function describe(shape: Shape): { ko: string; en: string } {
  switch (shape.type) {
    case "string":
    case "regexp":
      return { ko: "문자열", en: "a string" };
    case "int":
      if (shape.min !== undefined && shape.max !== undefined)
        return { ko: `${shape.min}부터 ${shape.max}까지의 정수`, en: `an integer from ${shape.min} to ${shape.max}` };
      if (shape.min !== undefined) return { ko: `${shape.min} 이상의 정수`, en: `an integer of at least ${shape.min}` };
      return { ko: "정수", en: "an integer" };
    case "number":
      return shape.min !== undefined
        ? { ko: `${shape.min}보다 큰 수`, en: `a number greater than ${shape.min}` }
        : { ko: "수", en: "a number" };
    case "bool":
      return { ko: "true 또는 false", en: "true or false" };
    case "enum":
      return { ko: `${shape.values.join(", ")} 중 하나`, en: `one of ${shape.values.join(", ")}` };
    case "list":
      return { ko: "목록", en: "a list" };
    case "map":
    case "record":
      return { ko: "매핑", en: "a mapping" };
    case "any":
      return { ko: "값", en: "a value" };
  }
}

function fits(value: unknown, shape: Shape): boolean {
  switch (shape.type) {
    case "string":
      return typeof value === "string" && (!shape.pattern || shape.pattern.test(value));
    case "regexp":
      if (typeof value !== "string") return false;
      try {
        new RegExp(value);
        return true;
      } catch {
        return false;
      }
    case "int":
      return (
        typeof value === "number" &&
        Number.isInteger(value) &&
        (shape.min === undefined || value >= shape.min) &&
        (shape.max === undefined || value <= shape.max)
      );
    case "number":
      return typeof value === "number" && Number.isFinite(value) && (shape.min === undefined || value > shape.min);
    case "bool":
      return typeof value === "boolean";
    case "enum":
      return typeof value === "string" && shape.values.includes(value);
    case "list":
      return Array.isArray(value);
    case "map":
    case "record":
      return isMap(value);
    case "any":
      return true;
  }
}

export function checkShape(
  value: unknown,
  shape: Shape,
  path: Path = [],
  problems: ShapeProblem[] = [],
): ShapeProblem[] {
  const where = showPath(path);
  if (!fits(value, shape)) {
    const want = shape.type === "string" && shape.hint && typeof value === "string" ? shape.hint : describe(shape);
    const extra = shape.type === "regexp" && typeof value === "string" ? " (올바른 정규 표현식)" : "";
    const extraEn = shape.type === "regexp" && typeof value === "string" ? " (a valid regular expression)" : "";
    problems.push({
      path,
      kind: "invalid",
      ko: `\`${where}\` 값이 올바르지 않다. 쓸 수 있는 값: ${want.ko}${extra}.`,
      en: `\`${where}\` must be ${want.en}${extraEn}.`,
    });
    return problems;
  }
  if (shape.type === "list")
    for (const [i, v] of (value as unknown[]).entries()) checkShape(v, shape.of, [...path, i], problems);
  if (shape.type === "map") {
    const obj = value as Record<string, unknown>;
    const known = Object.keys(shape.fields);
    for (const key of Object.keys(obj)) {
      const field = shape.fields[key];
      if (field && Object.hasOwn(shape.fields, key)) {
        checkShape(obj[key], field.shape, [...path, key], problems);
        continue;
      }
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
      const full = showPath([...path, key]);
      const hint = near ? ` (\`${near}\`?)` : "";
      const of = where === "" ? "" : ` \`${where}\`에`;
      const ofEn = where === "" ? "" : ` of \`${where}\``;
      problems.push({
        path: [...path, key],
        kind: "unknown",
        ko: `알 수 없는 키 \`${full}\`${hint}.${of} 쓸 수 있는 키: ${known.join(", ")}.`,
        en: `unknown key \`${full}\`${hint}; the keys${ofEn} are ${known.join(", ")}.`,
      });
    }
    for (const key of known)
      if (shape.fields[key]!.required && !Object.hasOwn(obj, key))
        problems.push({
          path,
          kind: "missing",
          ko: `\`${where === "" ? key : `${where}.${key}`}\` 필드가 필요하다.`,
          en: `\`${where === "" ? key : `${where}.${key}`}\` is required.`,
        });
  }
  return problems;
}
