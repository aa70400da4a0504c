// The shipped policy set's validation, made at install (issue 22: warm start ≤ 1 s). Validating a set is a
// process's first Cedar call: 100–150 ms of WebAssembly warm-up and work at every start, for a text that changes
// only with a release. The prepare step records the check (build/policy-check.json) under a key of all it depends
// on: the set, the schema and package-lock.json (which pins Cedar). A start uses it only under the same key, and
// validates otherwise. Sets made by users are validated when they are loaded, always.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256Hex } from '../core/hash.ts';
import { BUILD_DIR, lockfileHash } from '../core/install-build.ts';
import { type PolicySetCheck, validatePolicySet } from './policy-set.ts';

export const SHIPPED_CHECK_FILE = join(BUILD_DIR, 'policy-check.json');

interface Recorded {
  key: string;
  check: PolicySetCheck;
}

const keyOf = (text: string, schema: string) => sha256Hex(JSON.stringify([lockfileHash(), schema, text]));

/** Validates the set and records the check for starts to use; a set that does not validate is an error. */
export function recordShippedCheck(text: string, schema: string, file: string = SHIPPED_CHECK_FILE): number {
  const check = validatePolicySet(text, schema);
  if (!check.ok) throw new Error(`the shipped policy set does not validate: ${JSON.stringify(check.errors)}`);
  const recorded: Recorded = { key: keyOf(text, schema), check };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(recorded)}\n`);
  return check.policies.length;
}

/** The set's check as recorded at install when it is for exactly this set, schema and Cedar; else validated now. */
export function shippedCheck(
  text: string,
  schema: string,
  file: string = SHIPPED_CHECK_FILE,
): PolicySetCheck {
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as Recorded;
    if (recorded.key === keyOf(text, schema) && recorded.check.ok) return recorded.check;
  } catch {
    // none recorded, or unreadable: validate
  }
  return validatePolicySet(text, schema);
}
