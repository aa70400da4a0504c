import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasVisibleText, NO_VISIBLE_TEXT, visibleText } from './visible-text.ts';

// Zero-width space, zero-width (non-)joiners, word joiner, BOM, soft hyphen, bidi embeddings, overrides and
// isolates, Mongolian vowel separator, Hangul fillers, blank Braille, and whitespace of every kind.
const INVISIBLE = [
  '\u200b',
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200e',
  '\u200f',
  '\u061c',
  '\u180e',
  '\u3164',
  '\u115f',
  '\u1160',
  '\uffa0',
  '\u2800',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u2003',
  '\u3000',
  '\u2028',
  '\u0001',
  '\u007f',
  '\u0301',
];

describe('visible text', () => {
  it('is refused when made only of whitespace, format, control or blank characters, however many', () => {
    expect(hasVisibleText('\u200b'.repeat(10))).toBe(false);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...INVISIBLE), { maxLength: 40 }), (chars) => {
        expect(hasVisibleText(chars.join(''))).toBe(false);
      }),
    );
  });

  it('is accepted with one letter, digit, punctuation mark or symbol anywhere among them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...INVISIBLE), { maxLength: 20 }),
        fc.constantFrom('a', 'Ж', '中', '7', '٣', '.', '?', '€', '😀', '#'),
        fc.nat(20),
        (chars, visible, at) => {
          chars.splice(at, 0, visible);
          expect(hasVisibleText(chars.join(''))).toBe(true);
        },
      ),
    );
  });

  it('says so in the validation message, and keeps the length limit', () => {
    const schema = visibleText(20);
    const invisible = schema.safeParse('\u200b'.repeat(10));
    expect(invisible.error?.issues.map((issue) => issue.message)).toEqual([NO_VISIBLE_TEXT]);
    expect(schema.safeParse(' \u202e\u2066 ').success).toBe(false);
    expect(schema.safeParse('rollback failed').success).toBe(true);
    expect(schema.safeParse('x'.repeat(21)).success).toBe(false);
  });
});
