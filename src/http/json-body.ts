/**
 * Every JSON document a client sends is read through here: the API's bodies by the parser below (in every
 * scope, the authorize memo's too), webhook bodies by `parseJsonText` once their signature is checked.
 * Besides what JSON.parse refuses, it refuses what JSON.parse lets through silently: a key given twice in
 * one object (400 `duplicate_key`) and text PostgreSQL cannot hold (400 `invalid_text`).
 */
import type { FastifyRequest } from 'fastify';
import { invalid, type Problem } from '../core/problem.ts';
import type { App } from '../core/route-module.ts';
import { firstDuplicateKey } from './duplicate-keys.ts';
import { invalidText, invalidTextPath } from './invalid-text.ts';

export type JsonParser = (
  request: FastifyRequest,
  body: string,
  done: (error: Error | null, value?: unknown) => void,
) => void;

const MAX_KEY_SHOWN = 100;

/** Why JSON `text`, parsed as `value`, is refused; undefined when it is not. */
export function jsonRefusal(text: string, value: unknown, root = 'body'): Problem | undefined {
  // Valid JSON carries NUL or a lone surrogate only as a \u escape, or as text that was never well formed
  // (text decoded from bytes always is): only then is the parsed value searched.
  if (text.includes('\\u') || !text.isWellFormed()) {
    const where = invalidTextPath(value, root);
    if (where !== undefined) return invalidText(where);
  }
  const key = firstDuplicateKey(text);
  if (key === undefined) return undefined;
  const shown = JSON.stringify(key.slice(0, MAX_KEY_SHOWN));
  return invalid(
    `${root}: the key ${shown} appears twice in one object; send each key once`,
    'duplicate_key',
    { key: key.slice(0, MAX_KEY_SHOWN) },
  );
}

/** Throws what jsonRefusal finds. */
export function refuseHostileJson(text: string, value: unknown, root = 'body'): void {
  const refusal = jsonRefusal(text, value, root);
  if (refusal) throw refusal;
}

/** A webhook's JSON, read once its signature is checked: 400 malformed_json, duplicate_key or invalid_text. */
export function parseJsonText(text: string, root = 'body'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid('the body is not valid JSON', 'malformed_json');
  }
  refuseHostileJson(text, value, root);
  return value;
}

/** Fastify's own JSON parser (prototype and constructor poisoning refused), then jsonRefusal. */
export function strictJsonParser(scope: App): JsonParser {
  const parse = scope.getDefaultJsonParser('error', 'error') as JsonParser;
  return (request, body, done) =>
    parse(request, body, (error, value) => {
      if (error) return done(error);
      const refusal = jsonRefusal(body, value);
      return refusal ? done(refusal) : done(null, value);
    });
}

/**
 * Makes strictJsonParser the scope's application/json parser. A scope with a parser of its own (a memo, a
 * webhook's raw text) calls `scope.removeContentTypeParser('application/json')` before adding it.
 */
export function installStrictJson(scope: App): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'string' }, strictJsonParser(scope));
}
