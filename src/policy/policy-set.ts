/**
 * Cedar policy sets as Warrant stores them: text, a version hash, and per policy its id (`@id`, else Cedar's
 * `policyN`) and the approval requirement its annotations declare. `validatePolicySet` refuses a set before
 * activation: parse errors, schema errors, bad annotations and duplicate ids, each with line and column.
 */
import { readFileSync } from 'node:fs';
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { sha256Hex } from '../core/hash.ts';
import { type ApprovalRequirement, isTier } from './decision.ts';

export interface PolicyInfo {
  /** Cedar's id for the policy in the set text (`policyN`, by position). */
  cedar_id: string;
  /** The id people see: the `@id` annotation, else the Cedar id. */
  id: string;
  effect: 'permit' | 'forbid';
  annotations: Record<string, string>;
  /** Set when the policy carries any approval annotation (tier, quorum, approvers, ttl_hours). */
  requirement?: ApprovalRequirement;
  /** The actions its scope covers. */
  actions: WarrantAction[];
  /** Cedar's JSON form of the policy. */
  json: cedar.PolicyJson;
}

export type WarrantAction = 'execute' | 'execute_with_approval';
const ACTIONS: readonly WarrantAction[] = ['execute', 'execute_with_approval'];

export interface PolicyError {
  message: string;
  line: number;
  column: number;
  policy_id?: string;
  help?: string;
}

export type PolicySetCheck = { ok: true; policies: PolicyInfo[] } | { ok: false; errors: PolicyError[] };

/** Used for the parts of a requirement a policy's annotations leave out. */
export const DEFAULT_REQUIREMENT: ApprovalRequirement = {
  tier: 'medium',
  approvers: ['approver', 'admin'],
  quorum: 1,
  ttl_hours: 4,
};

const REQUIREMENT_KEYS = ['tier', 'quorum', 'approvers', 'ttl_hours'];

export function policyVersionHash(text: string): string {
  return sha256Hex(text);
}

export function loadSchema(
  path: URL | string = new URL('../../policies/schema.cedarschema', import.meta.url),
) {
  return readFileSync(path, 'utf8');
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function toPolicyError(text: string, error: cedar.DetailedError, policyId?: string): PolicyError {
  const at = lineColumn(text, error.sourceLocations?.[0]?.start ?? 0);
  return {
    message: error.message,
    ...at,
    ...(policyId ? { policy_id: policyId } : {}),
    ...(error.help ? { help: error.help } : {}),
  };
}

function actionsOf(scope: cedar.ActionConstraint): WarrantAction[] {
  if (scope.op === 'All') return [...ACTIONS];
  const uids = 'entities' in scope ? scope.entities : 'entity' in scope ? [scope.entity] : [];
  const ids = new Set(uids.map((uid) => ('__entity' in uid ? uid.__entity.id : uid.id)));
  return ACTIONS.filter((action) => ids.has(action));
}

/** The engine answers both actions in one Cedar call, so a policy names its actions in its scope only. */
function conditionsUseAction(json: cedar.PolicyJson): boolean {
  return JSON.stringify(json.conditions).includes('"Var":"action"');
}

/** The engine loads policies through their JSON form, where a JavaScript number holds each Long exactly
 * only up to 2^53. */
function hasUnsafeInteger(node: unknown): boolean {
  if (typeof node === 'number') return !Number.isSafeInteger(node);
  if (node === null || typeof node !== 'object') return false;
  return Object.values(node).some(hasUnsafeInteger);
}

function requirementFrom(annotations: Record<string, string>): ApprovalRequirement | string | undefined {
  if (!REQUIREMENT_KEYS.some((key) => key in annotations)) return undefined;
  const { tier = DEFAULT_REQUIREMENT.tier, quorum, approvers, ttl_hours } = annotations;
  if (!isTier(tier)) return `@tier must be "medium" or "high", not "${tier}"`;
  const q = quorum === undefined ? DEFAULT_REQUIREMENT.quorum : Number(quorum);
  if (!Number.isInteger(q) || q < 1) return `@quorum must be a whole number >= 1, not "${quorum}"`;
  const ttl = ttl_hours === undefined ? DEFAULT_REQUIREMENT.ttl_hours : Number(ttl_hours);
  if (!Number.isFinite(ttl) || ttl <= 0)
    return `@ttl_hours must be a number of hours > 0, not "${ttl_hours}"`;
  const roles =
    approvers === undefined ? DEFAULT_REQUIREMENT.approvers : approvers.split(/[\s,|]+/).filter(Boolean);
  if (roles.length === 0) return '@approvers must name at least one role';
  return { tier, quorum: q, ttl_hours: ttl, approvers: roles };
}

/**
 * Parses the set and reads each policy's annotations. `policySetTextToParts` returns the policies sorted by
 * their Cedar id as a string (policy0, policy1, policy10, policy2, ...), so the ids are sorted the same way
 * to pair them up.
 */
function describePolicies(text: string): PolicySetCheck {
  const parts = cedar.policySetTextToParts(text);
  if (parts.type === 'failure') return { ok: false, errors: parts.errors.map((e) => toPolicyError(text, e)) };
  const ids = parts.policies.map((_, i) => `policy${i}`).sort();
  const policies: PolicyInfo[] = [];
  const errors: PolicyError[] = [];
  const seen = new Set<string>();
  parts.policies.forEach((source, i) => {
    const cedarId = ids[i]!;
    const json = cedar.policyToJson(source);
    if (json.type === 'failure') {
      errors.push(...json.errors.map((e) => toPolicyError(text, e, cedarId)));
      return;
    }
    const annotations = json.json.annotations ?? {};
    const id = annotations['id'] ?? cedarId;
    const at = lineColumn(text, Math.max(0, text.indexOf(source)));
    if (seen.has(id)) errors.push({ message: `duplicate policy id "${id}"`, ...at, policy_id: id });
    seen.add(id);
    if (conditionsUseAction(json.json)) {
      const message =
        'conditions may not refer to `action`: name the actions in the scope (action == or action in [...])';
      errors.push({ message, ...at, policy_id: id });
    }
    if (hasUnsafeInteger(json.json.conditions)) {
      errors.push({ message: 'integer literals must lie within ±(2^53 - 1)', ...at, policy_id: id });
    }
    const requirement = requirementFrom(annotations);
    if (typeof requirement === 'string') {
      errors.push({ message: requirement, ...at, policy_id: id });
      return;
    }
    policies.push({
      cedar_id: cedarId,
      id,
      effect: json.json.effect,
      annotations,
      ...(requirement ? { requirement } : {}),
      actions: actionsOf(json.json.action),
      json: json.json,
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policies };
}

/** Parses the set, checks its annotations and validates it against the schema (Cedar's strict mode). */
export function validatePolicySet(text: string, schema: string = loadSchema()): PolicySetCheck {
  const described = describePolicies(text);
  if (!described.ok) return described;
  const byCedarId = new Map(described.policies.map((p) => [p.cedar_id, p.id]));
  const answer = cedar.validate({ schema, policies: { staticPolicies: text } });
  if (answer.type === 'failure') {
    return { ok: false, errors: answer.errors.map((e) => toPolicyError(text, e)) };
  }
  if (answer.validationErrors.length > 0) {
    return {
      ok: false,
      errors: answer.validationErrors.map((e) => toPolicyError(text, e.error, byCedarId.get(e.policyId))),
    };
  }
  return described;
}
