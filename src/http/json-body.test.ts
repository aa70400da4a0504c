import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../core/problem.ts';
import { invalidTextPath, isValidText, queryDecodes } from './invalid-text.ts';
import { jsonRefusal, parseJsonText } from './json-body.ts';

const refusal = (text: string) => {
  const found = jsonRefusal(text, JSON.parse(text));
  return found && { code: found.code, detail: found.message };
};

describe('text that is not text', () => {
  it('is NUL or an unpaired surrogate, and nothing else', () => {
    for (const bad of ['\0', 'a\0b', '\ud800', 'x\udfff', '\ude00\ud83d'])
      expect(isValidText(bad)).toBe(false);
    for (const good of ['', 'plain', '😀', '\u0001', '\u200b', '\uffff', 'é\u2028'])
      expect(isValidText(good)).toBe(true);
  });

  it('is found in strings and keys at any depth, with the way to it', () => {
    expect(invalidTextPath({ a: [1, { b: 'ok', c: 'x\0' }] }, 'body')).toBe('body.a[1].c');
    expect(invalidTextPath({ a: { '\ud800': 1 } }, 'body')).toBe('body.a.\\ud800');
    expect(invalidTextPath(['ok', ['\0']], 'body')).toBe('body[1][0]');
    expect(invalidTextPath('\0', 'query')).toBe('query');
    expect(invalidTextPath({ a: 'ok', n: 1, z: null, t: true }, 'body')).toBeUndefined();
  });

  it('is, in a query, also an escape that decodes to no UTF-8 text (the query parser keeps it as sent)', () => {
    expect(queryDecodes('/v1/plans')).toBe(true);
    expect(queryDecodes('/v1/plans?status=approved&x=%C3%A9%26%F0%9F%98%80')).toBe(true);
    expect(queryDecodes('/v1/plans?status=%ED%A0%80')).toBe(false);
    expect(queryDecodes('/v1/plans?q=100%')).toBe(false);
    expect(queryDecodes('/v1/plans?q=%E2%82')).toBe(false);
  });

  it('is searched without recursion, so a deeply nested document cannot overflow the stack', () => {
    let deep: unknown = '\0';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(invalidTextPath(deep, 'body')).toMatch(/^body(\[0\]){100000}$/);
  });

  it('is found in any JSON value where it was put, and never where it was not', () => {
    const hostile = fc.constantFrom('\0', '\ud800', '\udc00');
    fc.assert(
      fc.property(fc.jsonValue(), hostile, fc.boolean(), (value, bad, asKey) => {
        expect(jsonRefusal(JSON.stringify(value), value)).toBeUndefined();
        const wrapped = asKey ? { outer: [value, { [`k${bad}`]: 1 }] } : { outer: [value, `v${bad}`] };
        const text = JSON.stringify(wrapped);
        expect(jsonRefusal(text, JSON.parse(text))?.code).toBe('invalid_text');
      }),
    );
  });
});

describe('a JSON body', () => {
  it("is refused when it names a key twice, the issue's example first", () => {
    expect(refusal('{"deployment":"checkout","deployment":"payments"}')).toEqual({
      code: 'duplicate_key',
      detail: 'body: the key "deployment" appears twice in one object; send each key once',
    });
    expect(refusal('{"input":{"a":1,"\\u0061":2}}')?.code).toBe('duplicate_key');
  });

  it('is refused when it holds NUL or a lone surrogate, escaped, in a value or a key', () => {
    expect(refusal('{"step_id":"s1\\u0000"}')).toEqual({
      code: 'invalid_text',
      detail:
        'body.step_id: text may not contain a NUL character (U+0000) or an unpaired surrogate (U+D800 to U+DFFF)',
    });
    expect(refusal('{"input":{"\\ud800":1}}')?.code).toBe('invalid_text');
    expect(refusal('["\\udfff"]')?.code).toBe('invalid_text');
    // A surrogate pair is a character; an escaped backslash before "u0000" is not an escape.
    expect(refusal('{"a":"\\ud83d\\ude00","b":"\\\\u0000"}')).toBeUndefined();
  });

  it('is read by parseJsonText with the same refusals, and malformed text named as such', () => {
    const code = (text: string) => {
      try {
        parseJsonText(text);
        return 'ok';
      } catch (error) {
        return (error as Problem).code;
      }
    };
    expect(code('{"a":1}')).toBe('ok');
    expect(code('{"a":')).toBe('malformed_json');
    expect(code('{"a":1,"a":1}')).toBe('duplicate_key');
    expect(code('"\\u0000"')).toBe('invalid_text');
  });
});
