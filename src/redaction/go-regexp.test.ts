import { describe, expect, it } from 'vitest';
import { goRegExp } from './go-regexp.ts';

describe('goRegExp', () => {
  it('turns a leading (?i) into the i flag', () => {
    const regex = goRegExp('(?i)npm_[a-z]{2}');
    expect(regex.flags).toBe('i');
    expect(regex.test('NPM_Ab')).toBe(true);
  });

  it('scopes a later (?i) to the rest of its group, as Go does', () => {
    const regex = goRegExp('^(p8e-(?i)[a-z]{2})x$');
    expect(regex.test('p8e-ABx')).toBe(true);
    expect(regex.test('P8E-abx')).toBe(false);
    expect(regex.test('p8e-abX')).toBe(false);
  });

  it('carries a later (?i) into the following alternatives of its group, and no further', () => {
    const regex = goRegExp('^(?:a(?i)b|c)D$');
    for (const text of ['abD', 'aBD', 'cD', 'CD']) expect(regex.test(text), text).toBe(true);
    for (const text of ['AbD', 'abd', 'Cd']) expect(regex.test(text), text).toBe(false);
  });

  it('keeps (?-i:…), and translates (?P<name>, \\z and POSIX classes', () => {
    expect(goRegExp('(?i)x(?-i:Y)').test('XY')).toBe(true);
    expect(goRegExp('(?i)x(?-i:Y)').test('Xy')).toBe(false);
    expect(goRegExp('(?P<word>[[:alnum:]]+)\\z').exec('id abc9')?.groups).toEqual({ word: 'abc9' });
    expect(goRegExp('a\\z').test('a\n')).toBe(false);
    expect(goRegExp('[\\]:[]x').test(':x')).toBe(true);
  });
});
