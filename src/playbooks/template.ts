/**
 * Template rendering for playbooks: `{{ params.x }}` placeholders in strings (values and object keys) of
 * any JSON document. A string that is one placeholder and nothing else becomes the parameter's value with
 * its type (`replicas: "{{ params.replicas }}"` renders the integer 3); placeholders inside longer
 * strings are interpolated as text.
 */
import type { ParamValue } from './params.ts';

const PLACEHOLDER = /\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const WHOLE = /^\{\{\s*params\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}$/;

export class TemplateError extends Error {}

/** Every parameter name a template refers to. */
export function placeholdersOf(template: unknown): Set<string> {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') for (const match of value.matchAll(PLACEHOLDER)) names.add(match[1]!);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        visit(key);
        visit(inner);
      }
    }
  };
  visit(template);
  return names;
}

export function renderString(text: string, params: Readonly<Record<string, ParamValue>>): ParamValue {
  const lookup = (name: string): ParamValue => {
    if (!Object.hasOwn(params, name)) throw new TemplateError(`no value for parameter "${name}"`);
    return params[name]!;
  };
  const whole = WHOLE.exec(text);
  if (whole) return lookup(whole[1]!);
  return text.replace(PLACEHOLDER, (_match, name: string) => String(lookup(name)));
}

/** Renders every string of a JSON document; other values are copied as they are. */
export function render<T>(template: T, params: Readonly<Record<string, ParamValue>>): T {
  const visit = (value: unknown): unknown => {
    if (typeof value === 'string') return renderString(value, params);
    if (Array.isArray(value)) return value.map(visit);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([key, inner]) => [String(renderString(key, params)), visit(inner)]),
      );
    }
    return value;
  };
  return visit(template) as T;
}
