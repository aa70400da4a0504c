import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CheckResult, summarize, VerificationReportSchema } from './report.ts';

const contract = JSON.parse(
  readFileSync(new URL('../../contracts/verification-report.schema.json', import.meta.url), 'utf8'),
);

const check = (status: CheckResult['status'], blocking = false): CheckResult => ({
  key: `k.${status}`,
  title: 'A check',
  status,
  severity: 'high',
  blocking,
  reason_code: 'some_reason',
  message: '',
  evidence: [
    { kind: 'object_ref', ref: 'evidence/run/1.json', sha256: 'a'.repeat(64) },
    { kind: 'url', url: 'https://grafana.local/d/1' },
  ],
  next_steps: [{ label: 'Open the run', url: '/v1/runs/1' }],
});

const report = (checks: CheckResult[]) => ({
  schema_version: '1.0',
  flow: 'post_run',
  identity: {
    tenant_id: '00000000-0000-4000-8000-000000000001',
    run_id: '00000000-0000-4000-8000-000000000002',
    plan_id: '00000000-0000-4000-8000-000000000003',
    content_hash: 'b'.repeat(64),
  },
  generated_at: '2026-01-01T00:00:00.000Z',
  summary: summarize(checks),
  checks,
});

describe('verification report contract', () => {
  it('is the JSON Schema committed at contracts/verification-report.schema.json', () => {
    expect(z.toJSONSchema(VerificationReportSchema)).toEqual(contract);
  });

  it('accepts reports with safe evidence pointers and refuses bodies or unknown fields', () => {
    expect(VerificationReportSchema.safeParse(report([check('pass'), check('fail', true)])).success).toBe(
      true,
    );
    const body = { ...check('fail'), evidence: [{ kind: 'object_ref', ref: 'x', body: '{"secret":1}' }] };
    expect(VerificationReportSchema.safeParse(report([body as CheckResult])).success).toBe(false);
    expect(VerificationReportSchema.safeParse({ ...report([]), extra: 1 }).success).toBe(false);
    const badStatus = { ...check('pass'), status: 'ok' };
    expect(VerificationReportSchema.safeParse(report([badStatus as unknown as CheckResult])).success).toBe(
      false,
    );
  });

  it.each([
    [[], 'ready', 0],
    [[check('pass'), check('skip')], 'ready', 0],
    [[check('pass'), check('warn')], 'needs_attention', 0],
    [[check('fail')], 'needs_attention', 0],
    [[check('running'), check('warn')], 'running', 0],
    [[check('running'), check('fail', true)], 'blocked', 1],
  ] as const)('summarizes %# as %s', (checks, overall, blocking) => {
    const summary = summarize(checks);
    expect(summary.overall).toBe(overall);
    expect(summary.blocking_failures).toBe(blocking);
    expect(Object.values(summary.counts).reduce((a, b) => a + b, 0)).toBe(checks.length);
  });
});
