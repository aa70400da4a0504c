// The audit event (who did what, when, with which decision and evidence) and the bytes the Merkle log commits to.
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { actorTypes } from '../core/roles.ts';
import type { AuditAction } from './actions.ts';
import { leafHash } from './merkle.ts';

/** What appendAudit writes of an AuditActor (append.ts types its events with this, so the two agree). */
export const ActorSchema = z.strictObject({
  id: z.string().min(1),
  type: z.enum(actorTypes),
  // Any string: an event keeps the roles its actor had, and still reads if a role is retired.
  roles: z.array(z.string()),
  tenant_id: z.string().min(1),
  display_name: z.string().optional(),
});

/**
 * Where it happened and what it concerns: the environment, namespace, cluster and account, plus subject
 * references. Other keys are allowed but must be JSON values: anything else would not survive canonicalization,
 * so the hash would not reproduce.
 */
export const AuditContextSchema = z
  .object({
    environment: z.enum(['dev', 'stage', 'prod']).optional(),
    cluster_id: z.string().optional(),
    namespace: z.string().optional(),
    plan_id: z.string().optional(),
    run_id: z.string().optional(),
    step_id: z.string().optional(),
    approval_id: z.string().optional(),
    tool_call_id: z.string().optional(),
  })
  .catchall(z.json());

export const AuditEventSchema = z.strictObject({
  event_id: z.string().min(1),
  tenant_id: z.string().min(1),
  occurred_at: z.iso.datetime({ offset: false }),
  actor: ActorSchema,
  /** A stable dotted id, e.g. plan.submitted, approval.granted, run.step.failed (the list: actions.ts). */
  action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/),
  decision: z.enum(['allow', 'deny', 'require_approval']).nullable(),
  context: AuditContextSchema,
  evidence_refs: z.array(z.string()),
  /** The listed process key that signed the event, and its Ed25519 signature (event-signer.ts). */
  signer: z.string().optional(),
  signature: z.string().optional(),
});

export type AuditEvent = z.infer<typeof AuditEventSchema>;

export type AuditDecision = 'allow' | 'deny' | 'require_approval';

/** The event as appendAudit writes it (the `body` column): an AuditEvent whose action is one of actions.ts. */
export type AuditEventBody = {
  event_id: string;
  tenant_id: string;
  occurred_at: string;
  actor: AuditEvent['actor'];
  action: AuditAction;
  decision: AuditDecision | null;
  context: Record<string, unknown>;
  evidence_refs: string[];
  /** Set by appendAudit since migration 0015 (event-signer.ts); events integrated before have neither. */
  signer?: string;
  signature?: string;
};

// Fields a stored or exported event may carry that describe its place in the log, not its content.
const LOG_FIELDS = new Set(['leaf_index', 'hash']);

/** RFC 8785 canonical JSON of the event, without its leaf_index and hash fields. */
export function canonicalEventJson(event: Readonly<Record<string, unknown>>): string {
  let content: Record<string, unknown> = event;
  if (Object.keys(event).some((key) => LOG_FIELDS.has(key))) {
    content = Object.fromEntries(Object.entries(event).filter(([key]) => !LOG_FIELDS.has(key)));
  }
  const text = canonicalize(content);
  if (text === undefined) throw new TypeError('event is not JSON');
  return text;
}

/**
 * The bytes the log commits to: UTF-8 of canonicalEventJson. Takes any parsed object, so a verifier hashes
 * exactly what it read, not a validated copy.
 */
export function canonicalEventBytes(event: Readonly<Record<string, unknown>>): Uint8Array {
  return Buffer.from(canonicalEventJson(event), 'utf8');
}

/** The event's Merkle leaf hash; its hex form is the event's `hash`. */
export function eventLeafHash(event: Readonly<Record<string, unknown>>): Uint8Array {
  return leafHash(canonicalEventJson(event));
}
