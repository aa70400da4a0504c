import { describe, expect, it } from 'vitest';
import { splitStatements } from './sql-script.ts';

describe('splitStatements', () => {
  it('splits at top-level semicolons only', () => {
    const script = [
      '-- a comment; with a semicolon',
      "CREATE TABLE a (s text DEFAULT 'x;y');",
      'CREATE TABLE "b;c" (id int); /* block; comment */',
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;',
      "INSERT INTO a VALUES ('it''s; fine')",
    ].join('\n');
    const statements = splitStatements(script);
    expect(statements).toHaveLength(4);
    expect(statements[0]).toContain("'x;y'");
    expect(statements[2]).toContain('$body$ SELECT 1; $body$');
    expect(statements[3]).toContain("'it''s; fine'");
  });

  it('drops empty and comment-only statements', () => {
    expect(splitStatements(';;\n-- only a comment\n')).toEqual([]);
  });
});
