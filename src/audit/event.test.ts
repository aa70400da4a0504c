import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditEvent, AuditEventSchema, canonicalEventBytes, eventLeafHash } from './event.ts';

const event: AuditEvent = {
  event_id: 'evt_01',
  tenant_id: 'demo',
  occurred_at: '2025-01-02T03:04:05.678Z',
  actor: { id: 'agent-7', type: 'agent', roles: ['agent'], tenant_id: 'demo' },
  action: 'plan.submitted',
  decision: 'require_approval',
  context: { environment: 'prod', namespace: 'payments', plan_id: 'plan_9', risk: { level: 'high' } },
  evidence_refs: ['evidence/run_1/ev_1.json'],
};

describe('AuditEventSchema', () => {
  it('accepts a seed-shaped event, with a null decision too', () => {
    expect(AuditEventSchema.parse(event)).toEqual(event);
    expect(AuditEventSchema.safeParse({ ...event, decision: null }).success).toBe(true);
  });

  it.each([
    ['local time', { occurred_at: '2025-01-02T03:04:05+02:00' }],
    ['an unstable action id', { action: 'Plan Submitted' }],
    ['an unknown decision', { decision: 'maybe' }],
    ['an unknown actor type', { actor: { ...event.actor, type: 'robot' } }],
    ['an unknown top-level field', { extra: 1 }],
    ['a non-JSON context value', { context: { when: new Date() } }],
  ])('rejects %s', (_, change) => {
    expect(AuditEventSchema.safeParse({ ...event, ...change }).success).toBe(false);
  });
});

describe('canonical bytes and leaf hash', () => {
  it('are RFC 8785 canonical JSON: sorted keys, no whitespace', () => {
    const text = Buffer.from(canonicalEventBytes({ b: 1, a: { d: [1, 'é'], c: null } })).toString('utf8');
    expect(text).toBe('{"a":{"c":null,"d":[1,"é"]},"b":1}');
  });

  it('ignore key order and the log fields leaf_index and hash', () => {
    const reordered = Object.fromEntries(Object.entries(event).reverse());
    const stored = { ...event, leaf_index: 41, hash: 'ab'.repeat(32) };
    expect(canonicalEventBytes(reordered)).toEqual(canonicalEventBytes(event));
    expect(canonicalEventBytes(stored)).toEqual(canonicalEventBytes(event));
  });

  it('hash as an RFC 9162 leaf: SHA-256(0x00 || canonical bytes)', () => {
    const expected = createHash('sha256')
      .update(Uint8Array.of(0))
      .update(canonicalEventBytes(event))
      .digest('hex');
    expect(Buffer.from(eventLeafHash(event)).toString('hex')).toBe(expected);
    expect(Buffer.from(eventLeafHash({ ...event, action: 'plan.approved' })).toString('hex')).not.toBe(
      expected,
    );
  });
});
