/**
 * JSON.parse keeps the last of two equal keys in an object, so `{"deployment":"checkout","deployment":"payments"}`
 * would be hashed, screened and acted on as `payments` while a reader of the text (a reviewer, a signature
 * check, another parser) may see `checkout`. This scan finds such a key in one linear pass over text that
 * JSON.parse has already accepted, so it need not check the grammar, only follow strings and nesting.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * The first key (by the position of its second occurrence) given twice in one object of `text`, decoded;
 * undefined when every object's keys are distinct. `text` must be valid JSON.
 */
export function firstDuplicateKey(text: string): string | undefined {
  // One entry per open container: the keys seen so far in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectingKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true;
          i++;
        }
      }
      if (!expectingKey) continue;
      expectingKey = false;
      // Escapes are decoded so that "a" and "\u0061" are the same key, as JSON.parse sees them.
      const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
      const keys = open[open.length - 1]!;
      if (keys.has(key)) return key;
      keys.add(key);
    } else if (c === OPEN_OBJECT) {
      open.push(new Set());
      expectingKey = true;
    } else if (c === OPEN_ARRAY) {
      open.push(null);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      open.pop();
      expectingKey = false;
    } else if (c === COMMA) {
      expectingKey = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}
