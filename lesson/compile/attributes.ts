/**
 * `key="value"`, `key='value'`, `key=value` and bare `key` attributes, as written after a
 * fence's language and in directive comments (`kubook:exercise id="…" title="…"`).
 */

export interface Attribute {
  readonly key: string;
  /** Undefined for a bare key. */
  readonly value?: string;
  /** Offset of the key in the attribute text. */
  readonly index: number;
}

export interface Attributes {
  readonly list: readonly Attribute[];
  /** Text that is not an attribute (an unclosed quote, a stray `=`), with its offset. */
  readonly garbage?: { readonly text: string; readonly index: number };
}

const attribute = /([A-Za-z_][\w.:-]*)(?:=(?:"([^"]*)"|'([^']*)'|([^\s"'=]+)))?(?=\s|$)/y;

export function parseAttributes(text: string): Attributes {
  const list: Attribute[] = [];
  let i = 0;
  while (i < text.length) {
    const ws = /\s*/y;
    ws.lastIndex = i;
    ws.exec(text);
    i = ws.lastIndex;
    if (i >= text.length) break;
    attribute.lastIndex = i;
    const m = attribute.exec(text);
    if (!m) return { list, garbage: { text: text.slice(i).split(/\s/)[0] ?? "", index: i } };
    list.push({ key: m[1]!, value: m[2] ?? m[3] ?? m[4], index: i });
    i = attribute.lastIndex;
  }
  return { list };
}
