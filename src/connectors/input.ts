/**
 * Typed reads of a tool input. Inputs arrive already validated against the tool catalog's schemas; these
 * only narrow the types, and fail loudly if a caller skipped validation.
 */
import { ConnectorError } from './connector.ts';

type Input = Record<string, unknown>;

function bad(key: string, expected: string): ConnectorError {
  return new ConnectorError('bad_input', `input.${key} must be ${expected}`);
}

export function str(input: Input, key: string): string {
  const value = input[key];
  if (typeof value !== 'string' || value === '') throw bad(key, 'a non-empty string');
  return value;
}

export function optStr(input: Input, key: string): string | undefined {
  return input[key] === undefined ? undefined : str(input, key);
}

export function int(input: Input, key: string): number {
  const value = input[key];
  if (!Number.isInteger(value)) throw bad(key, 'an integer');
  return value as number;
}

export function optInt(input: Input, key: string): number | undefined {
  return input[key] === undefined ? undefined : int(input, key);
}
