import { jsonb, numeric, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { recordFromJson } from './json-rows.ts';

const notes = pgTable('notes', {
  name: text().notNull(),
  body: jsonb(),
  at: timestamp({ withTimezone: true }),
});

describe('recordFromJson', () => {
  it('maps a row as PostgreSQL writes it in JSON to the record a select answers', () => {
    expect(
      recordFromJson(notes, { name: 'a', body: '"a jsonb string"', at: '2026-12-07T02:24:01.574123+00:00' }),
    ).toEqual({ name: 'a', body: '"a jsonb string"', at: new Date('2026-12-07T02:24:01.574Z') });
    // Absent and null values are null, as a select answers them.
    expect(recordFromJson(notes, { name: 'b' })).toEqual({ name: 'b', body: null, at: null });
  });

  it('refuses a table with a column whose JSON form it does not map', () => {
    const prices = pgTable('prices', { amount: numeric() });
    expect(() => recordFromJson(prices, { amount: 1.5 })).toThrow(/PgNumeric/);
  });
});
