/**
 * A playbook's parameters: a JSON Schema subset (type string|integer|number|boolean, enum, minimum/maximum,
 * pattern, default, required), validated before anything is created, with messages that name the parameter.
 */
import { z } from 'zod';
import { matchPattern, patternProblem } from '../core/user-pattern.ts';

export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const ParamSpecSchema = z.strictObject({
  type: z.enum(['string', 'integer', 'number', 'boolean']),
  description: z.string().max(1000).optional(),
  enum: z.array(scalar).min(1).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  pattern: z.string().max(500).optional(),
  default: scalar.optional(),
});
export type ParamSpec = z.infer<typeof ParamSpecSchema>;

export const ParamsSchemaSchema = z.strictObject({
  properties: z.record(z.string().regex(PARAM_NAME, 'a parameter name'), ParamSpecSchema).default({}),
  required: z.array(z.string()).default([]),
});
export type ParamsSchema = z.infer<typeof ParamsSchemaSchema>;

export type ParamValue = string | number | boolean;
export interface ParamIssue {
  parameter: string;
  message: string;
}

/** Why a value does not fit its spec, or undefined when it does. */
export function checkValue(name: string, spec: ParamSpec, value: unknown): string | undefined {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const typed =
    spec.type === 'integer'
      ? Number.isInteger(value)
      : spec.type === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : typeof value === spec.type;
  if (!typed) return `parameter "${name}" must be ${article(spec.type)}, got ${kind}`;
  if (spec.enum && !spec.enum.includes(value as ParamValue)) {
    return `parameter "${name}" must be one of ${spec.enum.map((v) => JSON.stringify(v)).join(', ')}, got ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number') {
    if (spec.minimum !== undefined && value < spec.minimum)
      return `parameter "${name}" must be >= ${spec.minimum}, got ${value}`;
    if (spec.maximum !== undefined && value > spec.maximum)
      return `parameter "${name}" must be <= ${spec.maximum}, got ${value}`;
  }
  if (typeof value === 'string' && spec.pattern !== undefined) {
    // RE2, in time linear in the value: a tenant's pattern cannot hold the server (see user-pattern.ts).
    const outcome = matchPattern(spec.pattern, value);
    if ('problem' in outcome) return `parameter "${name}" cannot be checked: ${outcome.problem}`;
    if (!outcome.matched)
      return `parameter "${name}" must match ${spec.pattern}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

const article = (type: string) => (type === 'integer' ? 'an integer' : `a ${type}`);

/** Checks the schema itself: known required names, min <= max, patterns RE2 runs, defaults that fit. */
export function schemaIssues(schema: ParamsSchema): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const name of schema.required) {
    if (!schema.properties[name])
      issues.push({ parameter: name, message: `required "${name}" is not declared` });
  }
  for (const [name, spec] of Object.entries(schema.properties)) {
    if (spec.minimum !== undefined && spec.maximum !== undefined && spec.minimum > spec.maximum) {
      issues.push({ parameter: name, message: `parameter "${name}" has minimum > maximum` });
    }
    const problem = spec.pattern === undefined ? undefined : patternProblem(spec.pattern);
    if (problem)
      issues.push({
        parameter: name,
        message: `parameter "${name}" has a pattern that cannot be used: ${problem}`,
      });
    for (const value of [...(spec.default === undefined ? [] : [spec.default]), ...(spec.enum ?? [])]) {
      const problem = checkValue(name, spec, value);
      if (problem) issues.push({ parameter: name, message: `default or enum value: ${problem}` });
    }
  }
  return issues;
}

export type ParamsResult =
  | { ok: true; values: Record<string, ParamValue> }
  | { ok: false; issues: ParamIssue[] };

/** Validates given parameters: unknown, missing, wrong type, out of bounds are issues; defaults fill in. */
export function validateParams(schema: ParamsSchema, given: Record<string, unknown>): ParamsResult {
  const issues: ParamIssue[] = [];
  const values: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(schema.properties, name))
      issues.push({ parameter: name, message: `unknown parameter "${name}"` });
  }
  for (const [name, spec] of Object.entries(schema.properties)) {
    const value = Object.hasOwn(given, name) ? given[name] : spec.default;
    if (value === undefined) {
      if (schema.required.includes(name))
        issues.push({ parameter: name, message: `parameter "${name}" is required` });
      continue;
    }
    const problem = checkValue(name, spec, value);
    if (problem) issues.push({ parameter: name, message: problem });
    else values[name] = value as ParamValue;
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values };
}

/**
 * A `--param k=v` value typed by its spec (the CLI reads strings): integers and numbers are parsed,
 * `true`/`false` become booleans; anything unparsable stays a string so the server names the problem.
 */
export function coerceParam(spec: ParamSpec | undefined, raw: string): ParamValue {
  if (spec?.type === 'integer' || spec?.type === 'number') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  if (spec?.type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** Parses `k=v` assignments (the first `=` splits) into typed values. */
export function parseParamAssignments(
  assignments: readonly string[],
  schema: ParamsSchema,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const assignment of assignments) {
    const at = assignment.indexOf('=');
    if (at <= 0) throw new Error(`--param ${assignment}: expected name=value`);
    const name = assignment.slice(0, at);
    out[name] = coerceParam(schema.properties[name], assignment.slice(at + 1));
  }
  return out;
}
