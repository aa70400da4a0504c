// The tenant review's sections (executive summary, control interpretation, open and accepted risks, posture,
// operations), composed from platform truth already read into ReviewFacts. Pure: the same facts give the same
// sections.
import { canonicalHash, sha256Hex } from '../core/hash.ts';
import type { VerificationReport } from '../verification/report.ts';
import type { Claim } from './claims.ts';
import type { DecisionFacts } from './decisions.ts';
import type { Completeness } from './projection.ts';
import type { TenantReviewSectionRecord } from './tables.ts';
import { deriveValidity } from './validity.ts';

export const SECTION_KEYS = [
  'executive_summary',
  'control_interpretation',
  'open_risks',
  'accepted_risks',
  'permission_posture',
  'baseline_drift_posture',
  'operations_health',
] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const INTERPRETATION_VERSION = 'warrant.controls.v1';

export interface ReviewFacts {
  tenant: { id: string; name: string };
  measured_at: Date;
  plans: Record<string, number>;
  runs: { id: string; status: string; break_glass: boolean; report: VerificationReport | null }[];
  open_exceptions: { id: string; type: string; reason: string | null; raised_at: string }[];
  decisions: DecisionFacts[];
  actors: { roles: string[]; is_root: boolean }[];
  active_keys: number;
  policy: { version: number; version_hash: string } | null;
  /** The policy version the previous released review saw; undefined when there is no earlier release. */
  baseline_policy_hash?: string | null;
  evidence: { run_id: string; step_id: string; type: string; result_ref: string; sha256: string }[];
  checkpoint: { size: number; root: string; note: string };
  /** The counted statements with the audit events behind them (claims.ts); each section states its own. */
  claims: (Claim & { section: SectionKey })[];
}

export type RenderPayload = {
  heading: string;
  paragraphs: string[];
  rows: string[][];
};

/** A section as composed and as answered: the stored row without its review id, measured_at as ISO text. */
export type ReviewSection = Omit<TenantReviewSectionRecord, 'tenant_review_id' | 'measured_at'> & {
  measured_at: string;
};

type Built = Pick<ReviewSection, 'completeness_state' | 'summary_payload'> & {
  paragraphs: string[];
  rows?: string[][];
};

const TITLES: Record<SectionKey, string> = {
  executive_summary: 'Executive summary',
  control_interpretation: 'Control interpretation',
  open_risks: 'Open risks',
  accepted_risks: 'Accepted risks and exceptions',
  permission_posture: 'Permission posture',
  baseline_drift_posture: 'Baseline drift posture',
  operations_health: 'Operations health',
};

const finished = (facts: ReviewFacts) => facts.runs.filter((r) => !['queued', 'running'].includes(r.status));
const countBy = <T>(items: readonly T[], key: (item: T) => string) =>
  items.reduce<Record<string, number>>((acc, item) => {
    acc[key(item)] = (acc[key(item)] ?? 0) + 1;
    return acc;
  }, {});

function openRisks(facts: ReviewFacts) {
  const exceptions = facts.open_exceptions.map((e) => ({
    ref: `exception:${e.id}`,
    source: 'exception_event',
    title: `${e.type.replace(/_/g, ' ')}${e.reason ? `: ${e.reason}` : ''}`,
    severity: e.type === 'break_glass' ? 'high' : 'medium',
  }));
  const checks = facts.runs.flatMap((run) =>
    (run.report?.checks ?? [])
      .filter((check) => check.status === 'fail')
      .map((check) => ({
        ref: `run:${run.id}:${check.key}`,
        source: 'failed_check',
        title: `${check.title}: ${check.reason_code}`,
        severity: check.severity,
      })),
  );
  return [...exceptions, ...checks];
}

/** A control is read from the checks of the runs' reports; no report means no data, never "ready". */
function control(facts: ReviewFacts, key: string, title: string, checkKey: string) {
  const results = finished(facts).flatMap(
    (run) => run.report?.checks.filter((c) => c.key === checkKey) ?? [],
  );
  const failed = results.filter((c) => c.status === 'fail').length;
  const readiness = results.length === 0 ? 'no_data' : failed === 0 ? 'ready' : 'not_ready';
  return {
    control_key: key,
    title,
    readiness,
    evidence_basis: `${results.length} verification result(s), ${failed} failed`,
    limitation: results.length === 0 ? 'No verified run covers this control yet.' : null,
  };
}

const builders: Record<SectionKey, (facts: ReviewFacts) => Built> = {
  executive_summary(facts) {
    const runs = countBy(facts.runs, (r) => r.status);
    const risks = openRisks(facts).length;
    const validity = countBy(
      facts.decisions.filter((d) => d.status !== 'denied'),
      (d) => deriveValidity(d, facts.measured_at).state,
    );
    const headline = `${facts.runs.length} run(s), ${runs.succeeded ?? 0} succeeded; ${risks} open risk(s); ${validity.valid ?? 0} accepted risk(s) valid.`;
    return {
      completeness_state: 'complete',
      summary_payload: {
        headline,
        runs,
        plans: facts.plans,
        open_risks: risks,
        decisions_by_validity: validity,
      },
      paragraphs: [
        headline,
        `Audit log of tenant ${facts.tenant.name}: ${facts.checkpoint.size} event(s) under a signed checkpoint.`,
      ],
    };
  },
  control_interpretation(facts) {
    const controls = [
      {
        control_key: 'change_approval',
        title: 'Changes run under an approved warrant',
        readiness: facts.runs.some((r) => r.break_glass)
          ? 'partial'
          : facts.runs.length
            ? 'ready'
            : 'no_data',
        evidence_basis: `${facts.runs.length} run(s), ${facts.runs.filter((r) => r.break_glass).length} by break glass`,
        limitation: facts.runs.some((r) => r.break_glass)
          ? 'Break-glass runs are reviewed after the fact.'
          : null,
      },
      control(facts, 'evidence_collection', 'Evidence is collected for every step', 'evidence.collected'),
      control(facts, 'rollback_readiness', 'Destructive steps declare a rollback', 'rollback.declared'),
      {
        control_key: 'audit_integrity',
        title: 'The audit log is signed and verifiable',
        readiness: facts.checkpoint.size > 0 ? 'ready' : 'no_data',
        evidence_basis: `checkpoint of ${facts.checkpoint.size} event(s)`,
        limitation: null,
      },
    ];
    return {
      completeness_state: controls.some((c) => c.readiness === 'no_data') ? 'partial' : 'complete',
      summary_payload: { interpretation_version: INTERPRETATION_VERSION, controls },
      paragraphs: [`Interpretation ${INTERPRETATION_VERSION}.`],
      rows: [
        ['Control', 'Readiness', 'Basis'],
        ...controls.map((c) => [c.title, c.readiness, c.evidence_basis]),
      ],
    };
  },
  open_risks(facts) {
    const items = openRisks(facts);
    return {
      completeness_state: 'complete',
      summary_payload: { items },
      paragraphs: [items.length === 0 ? 'No open risks.' : `${items.length} open risk(s).`],
      rows: items.length ? [['Severity', 'Risk'], ...items.map((i) => [i.severity, i.title])] : [],
    };
  },
  accepted_risks(facts) {
    const decisions = facts.decisions.filter((d) => d.status !== 'denied');
    const rows = decisions.map((d) => [
      d.title,
      d.kind,
      deriveValidity(d, facts.measured_at).state,
      d.expires_at,
    ]);
    return {
      // A decision without an owner is a gap in the basis the reader must see.
      completeness_state: decisions.some((d) => !d.owner_user_id) ? 'partial' : 'complete',
      summary_payload: { decisions },
      paragraphs: [
        decisions.length === 0 ? 'No accepted risks or exceptions.' : `${decisions.length} decision(s).`,
      ],
      rows: rows.length ? [['Decision', 'Kind', 'Validity', 'Expires'], ...rows] : [],
    };
  },
  permission_posture(facts) {
    const roles = countBy(
      facts.actors.flatMap((a) => a.roles),
      (role) => role,
    );
    const payload = {
      actors: facts.actors.length,
      roles,
      active_api_keys: facts.active_keys,
      break_glass_holders: roles.break_glass ?? 0,
      root_actors: facts.actors.filter((a) => a.is_root).length,
    };
    return {
      completeness_state: 'complete',
      summary_payload: payload,
      paragraphs: [
        `${payload.actors} actor(s), ${payload.active_api_keys} active key(s), ${payload.break_glass_holders} break-glass holder(s).`,
      ],
      rows: [['Role', 'Actors'], ...Object.entries(roles).map(([role, n]) => [role, String(n)])],
    };
  },
  baseline_drift_posture(facts) {
    const current = facts.policy?.version_hash ?? null;
    const drift =
      facts.baseline_policy_hash === undefined
        ? 'no_baseline'
        : facts.baseline_policy_hash === current
          ? 'unchanged'
          : 'changed';
    return {
      completeness_state: 'complete',
      summary_payload: {
        policy: facts.policy,
        baseline_policy_hash: facts.baseline_policy_hash ?? null,
        drift,
      },
      paragraphs: [
        facts.policy
          ? `Active policy set version ${facts.policy.version}.`
          : 'The shipped default policy is active.',
        `Drift since the previous released review: ${drift.replace('_', ' ')}.`,
      ],
    };
  },
  operations_health(facts) {
    const done = finished(facts);
    const unverified = done.filter((r) => !r.report).length;
    const outcomes = countBy(
      done.filter((r) => r.report),
      (r) => r.report!.summary.overall,
    );
    return {
      completeness_state: unverified > 0 ? 'partial' : 'complete',
      summary_payload: {
        runs: countBy(facts.runs, (r) => r.status),
        verification: outcomes,
        unverified_runs: unverified,
        slo: null,
      },
      paragraphs: [
        `${done.length} finished run(s), ${unverified} without a verification report.`,
        'SLO error budget: no SLO data yet.',
      ],
    };
  },
};

export function composeSections(facts: ReviewFacts): ReviewSection[] {
  const measured = facts.measured_at.toISOString();
  return SECTION_KEYS.map((key, index) => {
    const built = builders[key](facts);
    const claims = facts.claims.filter((c) => c.section === key).map(({ section: _, ...claim }) => claim);
    return {
      section_key: key,
      title: TITLES[key],
      sort_order: index + 1,
      completeness_state: built.completeness_state,
      summary_payload: claims.length ? { ...built.summary_payload, claims } : built.summary_payload,
      render_payload: { heading: TITLES[key], paragraphs: built.paragraphs, rows: built.rows ?? [] },
      measured_at: measured,
    };
  });
}

export type SnapshotItem = {
  kind:
    | 'run_evidence'
    | 'verification_report'
    | 'governance_decision'
    | 'exception_event'
    | 'audit_checkpoint';
  ref: string;
  sha256: string;
};

/** The evidence basis frozen with the review: references and hashes only. */
export function snapshotOf(facts: ReviewFacts): { items: SnapshotItem[]; completeness_state: Completeness } {
  const items: SnapshotItem[] = [
    {
      kind: 'audit_checkpoint',
      ref: `audit/checkpoint/${facts.checkpoint.size}`,
      sha256: sha256Hex(facts.checkpoint.note),
    },
    ...facts.evidence.map((e) => ({ kind: 'run_evidence' as const, ref: e.result_ref, sha256: e.sha256 })),
    ...facts.runs
      .filter((r) => r.report)
      .map((r) => ({
        kind: 'verification_report' as const,
        ref: `runs/${r.id}/verification_report`,
        sha256: canonicalHash(r.report),
      })),
    ...facts.decisions.map((d) => ({
      kind: 'governance_decision' as const,
      ref: `governance/decisions/${d.id}`,
      sha256: canonicalHash(d),
    })),
    ...facts.open_exceptions.map((e) => ({
      kind: 'exception_event' as const,
      ref: `exceptions/${e.id}`,
      sha256: canonicalHash(e),
    })),
  ];
  const unverified = finished(facts).some((r) => !r.report);
  return {
    items,
    completeness_state: facts.runs.length === 0 ? 'partial' : unverified ? 'partial' : 'complete',
  };
}
