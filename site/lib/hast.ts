// A few hast constructors: the markup is built as a tree, so every text is escaped when the
// tree is serialized (nothing a lesson or the simulation prints is ever pasted as HTML).
import type { Element, ElementContent, Properties, Text } from "hast";

export type Child = ElementContent | string | false | null | undefined;

export function text(value: string): Text {
  return { type: "text", value };
}

export function h(tagName: string, properties: Properties = {}, children: readonly Child[] = []): Element {
  const kids: ElementContent[] = [];
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    kids.push(typeof c === "string" ? text(c) : c);
  }
  return { type: "element", tagName, properties, children: kids };
}
