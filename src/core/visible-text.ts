/**
 * Free text a person reads later (a break-glass reason, a deny or send-back reason, a vote comment, an
 * exception's resolution, a governance decision's reason) must say something: a reason of ten zero-width
 * spaces is no reason. Such text needs at least one letter, number, punctuation mark or symbol; whitespace,
 * format characters (zero-width spaces, U+FEFF, U+2060, bidi controls), control characters, lone marks and
 * the fillers that render blank (Hangul fillers, the blank Braille pattern) do not count.
 */
import { z } from 'zod';

const VISIBLE = /(?![\u115F\u1160\u3164\uFFA0\u2800])[\p{L}\p{N}\p{P}\p{S}]/u;

export const hasVisibleText = (text: string): boolean => VISIBLE.test(text);

const VISIBLE_ALL = new RegExp(VISIBLE.source, 'gu');

/** How many visible characters the text has: a minimum length counts these, not invisible padding. */
export const visibleLength = (text: string): number => text.match(VISIBLE_ALL)?.length ?? 0;

export const NO_VISIBLE_TEXT =
  'has no visible characters: write it in letters, digits or punctuation, not only spaces or invisible characters';

/** A string of at most `max` characters with something visible in it (400 validation_failed otherwise). */
export const visibleText = (max: number) => z.string().max(max).refine(hasVisibleText, NO_VISIBLE_TEXT);
