import type { FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { BoundedCache } from '../core/bounded-cache.ts';
import { deepFreeze, isDeeplyFrozen } from '../core/immutable.ts';
import type { App } from '../core/route-module.ts';
import { strictJsonParser } from './json-body.ts';

/**
 * A hot route is asked the same thing again and again (a gateway asks about the same tool call on every
 * replica and every retry), so a body whose exact text was seen lately is not parsed again: the scope's
 * JSON parser hands back the value it parsed then, deep-frozen and shared. Validation, the injection
 * screen and the input hash are memoized per such value (see memoizeFrozen), so a repeated body costs a
 * lookup. Only small bodies are kept (at most capacity × maxBodyChars characters), so the memo stays small
 * whatever is sent. `partition` keeps callers apart (the tenant): one never gets a value parsed for another,
 * nor learns from a faster answer that another sent the same bytes.
 */
export function memoizeJsonBodies(
  scope: App,
  options: { partition: (request: FastifyRequest) => string; maxBodyChars?: number; capacity?: number },
): void {
  const maxChars = options.maxBodyChars ?? 2048;
  const parsed = new BoundedCache<unknown>(options.capacity ?? 2048);
  // The parser every scope uses, so a miss behaves as everywhere else; a refused body is never kept, so
  // it is refused again every time it is sent.
  const parse = strictJsonParser(scope);
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: scope.initialConfig.bodyLimit },
    (request, body, done) => {
      const text = body as string;
      if (text.length > maxChars) return parse(request, text, done);
      const key = `${options.partition(request)}\n${text}`;
      const known = parsed.get(key);
      if (known !== undefined) return done(null, known);
      parse(request, text, (error, value) => {
        if (error) return done(error);
        const frozen = deepFreeze(value);
        parsed.set(key, frozen);
        done(null, frozen);
      });
    },
  );
  scope.setValidatorCompiler(memoizedValidatorCompiler);
}

/** The zod validator, remembering its answer for a deeply frozen body (one the memo above handed out). */
const memoizedValidatorCompiler: FastifySchemaCompiler<Parameters<typeof validatorCompiler>[0]['schema']> = (
  route,
) => {
  const validate = validatorCompiler(route);
  const valid = new WeakMap<object, { value: unknown }>();
  return (data) => {
    if (!isDeeplyFrozen(data)) return validate(data);
    const known = valid.get(data);
    if (known) return known;
    // The zod compiler answers synchronously with { value } or { error }.
    const result = validate(data) as { value?: unknown; error?: Error };
    if (result.error) return result;
    // Validation builds new objects (defaults, stripped keys): frozen too, as every request shares them.
    const frozen = { value: deepFreeze(result.value) };
    valid.set(data, frozen);
    return frozen;
  };
};
