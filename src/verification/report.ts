import { z } from 'zod';

// The verification report: a versioned JSON document kept in a run's context under
// `verification_report`. contracts/verification-report.schema.json is generated from this schema and a
// test keeps the two equal, so the published contract cannot drift from what Warrant validates.

export const REPORT_SCHEMA_VERSION = '1.0';
export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip', 'running'] as const;
export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export const FLOWS = ['pre_run', 'post_run'] as const;

export type CheckStatus = (typeof CHECK_STATUSES)[number];
export type Severity = (typeof SEVERITIES)[number];
export type Flow = (typeof FLOWS)[number];

const code = z.string().regex(/^[a-z][a-z0-9_.]{0,63}$/);
const uuid = z.uuid();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
// An API path of Warrant or an absolute http(s) URL: a pointer, never a body.
const link = z
  .string()
  .max(2048)
  .regex(/^(\/|https?:\/\/)\S*$/);

/** Evidence is a safe pointer only: an object-store key, a hash, or a URL. */
export const EvidencePointerSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('object_ref'),
    ref: z
      .string()
      .max(512)
      .regex(/^[A-Za-z0-9_-][A-Za-z0-9._/-]*$/),
    sha256: sha256.optional(),
  }),
  z.strictObject({ kind: z.literal('sha256'), sha256, label: z.string().max(200).optional() }),
  z.strictObject({ kind: z.literal('url'), url: link, label: z.string().max(200).optional() }),
]);
export type EvidencePointer = z.infer<typeof EvidencePointerSchema>;

export const CheckResultSchema = z.strictObject({
  key: code,
  title: z.string().min(1).max(200),
  status: z.enum(CHECK_STATUSES),
  severity: z.enum(SEVERITIES),
  blocking: z.boolean(),
  reason_code: code,
  message: z.string().max(2000),
  evidence: z.array(EvidencePointerSchema).max(200),
  next_steps: z.array(z.strictObject({ label: z.string().min(1).max(200), url: link })).max(20),
});
export type CheckResult = z.infer<typeof CheckResultSchema>;

export const OVERALL_STATES = ['ready', 'needs_attention', 'blocked', 'running'] as const;

export const VerificationReportSchema = z
  .strictObject({
    schema_version: z.literal(REPORT_SCHEMA_VERSION),
    flow: z.enum(FLOWS),
    identity: z.strictObject({
      tenant_id: uuid,
      run_id: uuid,
      plan_id: uuid,
      content_hash: z.string().max(128),
    }),
    generated_at: z.iso.datetime(),
    summary: z.strictObject({
      overall: z.enum(OVERALL_STATES),
      blocking_failures: z.int().min(0),
      counts: z.strictObject(
        Object.fromEntries(CHECK_STATUSES.map((status) => [status, z.int().min(0)])) as Record<
          CheckStatus,
          z.ZodInt
        >,
      ),
    }),
    checks: z.array(CheckResultSchema),
  })
  .meta({
    $id: 'https://warrant.dev/contracts/verification-report.schema.json',
    title: 'Warrant verification report',
    description: "A run's verification checklist, stored in the run's context under verification_report.",
  });
export type VerificationReport = z.infer<typeof VerificationReportSchema>;

/** A blocking failure stops the run; a failure or warning that does not block still needs a look. */
export function summarize(checks: readonly CheckResult[]): VerificationReport['summary'] {
  const counts = Object.fromEntries(CHECK_STATUSES.map((status) => [status, 0])) as Record<
    CheckStatus,
    number
  >;
  for (const check of checks) counts[check.status] += 1;
  const blocking = checks.filter((check) => check.blocking && check.status === 'fail').length;
  const overall =
    blocking > 0
      ? 'blocked'
      : counts.running > 0
        ? 'running'
        : counts.fail + counts.warn > 0
          ? 'needs_attention'
          : 'ready';
  return { overall, blocking_failures: blocking, counts };
}
