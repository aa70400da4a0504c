import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeholdersOf, render, renderString, TemplateError } from './template.ts';

const paramValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
);
const plainText = fc.string().filter((s) => !s.includes('{') && !s.includes('}'));
// JSON documents whose strings hold no placeholder.
const plainJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    plainText,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(plainText, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('render', () => {
  it('leaves a document without placeholders as it is', () => {
    fc.assert(
      fc.property(plainJson, (doc) => {
        expect(render(doc, {})).toEqual(doc);
      }),
    );
  });

  it('keeps the type of a parameter that is a whole value, whatever the spacing', () => {
    fc.assert(
      fc.property(
        paramValue,
        fc.constantFrom('{{params.x}}', '{{ params.x }}', '{{  params.x\t}}'),
        (v, t) => {
          expect(render({ a: [t] }, { x: v })).toEqual({ a: [v] });
        },
      ),
    );
  });

  it('interpolates placeholders inside longer strings as text, keys included', () => {
    fc.assert(
      fc.property(plainText, plainText, paramValue, (before, after, v) => {
        fc.pre(before !== '' || after !== '');
        expect(renderString(`${before}{{ params.x }}${after}`, { x: v })).toBe(
          `${before}${String(v)}${after}`,
        );
      }),
    );
    expect(render({ '{{ params.k }}': 'v={{ params.n }}' }, { k: 'image.tag', n: 3 })).toEqual({
      'image.tag': 'v=3',
    });
  });

  it('names a parameter it has no value for', () => {
    expect(() => render({ a: 'x {{ params.missing }}' }, {})).toThrow(TemplateError);
    expect(() => render(['{{ params.missing }}'], {})).toThrow('no value for parameter "missing"');
  });

  it('finds every parameter a template refers to, in keys and values', () => {
    expect(
      [...placeholdersOf({ '{{ params.a }}': ['x{{params.b}}', { c: '{{ params.c }}' }], n: 1 })].sort(),
    ).toEqual(['a', 'b', 'c']);
  });
});
