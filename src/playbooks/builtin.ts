/**
 * The built-in playbooks, versioned in the repository as `playbooks/*.yaml` and offered to every tenant.
 * Loaded and checked once; a broken file is a startup error, not a surprise at instantiation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { definitionIssues, PLAYBOOK_NAME, type PlaybookBody, PlaybookBodySchema } from './definition.ts';

export interface BuiltinPlaybook {
  name: string;
  version: number;
  body: PlaybookBody;
}

const BuiltinFileSchema = z.object({
  name: z.string().regex(PLAYBOOK_NAME),
  version: z.int().min(1),
});

const DIRECTORY = new URL('../../playbooks/', import.meta.url);

export function loadBuiltinPlaybooks(directory: URL = DIRECTORY): BuiltinPlaybook[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const { name, version, ...rest } = parse(readFileSync(new URL(file, directory), 'utf8')) as Record<
        string,
        unknown
      >;
      const head = BuiltinFileSchema.parse({ name, version });
      const body = PlaybookBodySchema.parse(rest);
      const issues = definitionIssues(body);
      if (issues.length > 0) throw new Error(`playbooks/${file}: ${issues.join('; ')}`);
      return { ...head, body };
    });
}

let cached: readonly BuiltinPlaybook[] | undefined;
export const builtinPlaybooks = (): readonly BuiltinPlaybook[] => {
  cached ??= loadBuiltinPlaybooks();
  return cached;
};
