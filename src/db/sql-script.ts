/**
 * Splits a SQL script into statements at top-level semicolons, leaving quoted strings,
 * quoted identifiers, dollar-quoted bodies and comments intact. Both drivers then run one
 * statement per call (PGlite's extended protocol refuses several at once).
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const ch = script[i]!;
    const next = script[i + 1];
    if (ch === '-' && next === '-') {
      const end = script.indexOf('\n', i);
      i = end === -1 ? script.length : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end === -1 ? script.length : end + 2;
    } else if (ch === "'" || ch === '"') {
      i = skipQuoted(script, i, ch);
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end === -1 ? script.length : end + tag.length;
      } else {
        i++;
      }
    } else if (ch === ';') {
      pushStatement(statements, script.slice(start, i));
      start = ++i;
    } else {
      i++;
    }
  }
  pushStatement(statements, script.slice(start));
  return statements;
}

function skipQuoted(script: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < script.length) {
    if (script[i] === quote) {
      if (script[i + 1] === quote)
        i += 2; // doubled quote is an escaped quote
      else return i + 1;
    } else {
      i++;
    }
  }
  return i;
}

function pushStatement(statements: string[], text: string): void {
  const withoutComments = text.replace(/--[^\n]*\n?/g, '').trim();
  if (withoutComments) statements.push(text.trim());
}
