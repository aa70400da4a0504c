// The governance package projection: derived on every read from the released review, its sections,
// the current review pack, the evidence snapshot and the decisions as the review captured them. Never stored.
import type { DecisionFacts } from './decisions.ts';
import type { SectionKey } from './sections.ts';
import { deriveValidity, type ValidityState } from './validity.ts';

export const PACKAGE_STATES = ['available', 'partial', 'unavailable', 'expired', 'blocked'] as const;
export type PackageState = (typeof PACKAGE_STATES)[number];

export const PACKAGE_REASONS = [
  'stale_basis',
  'evidence_basis_partial',
  'current_review_pack_missing',
  'interpretation_missing',
  'source_not_publishable',
  'current_review_pack_expired',
  'entitlement_restricted',
] as const;
export type PackageReason = (typeof PACKAGE_REASONS)[number];

/** The interpretation versions Warrant can present to stakeholders. */
export const PUBLISHABLE_INTERPRETATIONS: ReadonlySet<string> = new Set(['warrant.controls.v1']);

/** The artifact-truth seam the seed's mapping table reads, in its own terms. */
export interface ArtifactTruth {
  publication_readiness: 'publishable' | 'internal_only' | 'blocked';
  freshness: 'current' | 'stale';
  artifact_existence: 'created' | 'not_created' | 'historical_only';
  content_state: 'complete' | 'missing_input';
  interpretation: 'available' | 'missing' | 'not_publishable';
  evidence_basis: 'complete' | 'partial';
}

/**
 * The canonical mapping from platform truth to review rows, row by row; the order settles truths that qualify
 * for several rows.
 */
export function packageAvailability(
  truth: ArtifactTruth,
  entitled: boolean,
): { state: PackageState; reason_code: PackageReason | null } {
  // Row 5: an in-scope actor without the package entitlement.
  if (!entitled) return { state: 'blocked', reason_code: 'entitlement_restricted' };
  // Row 3: the review itself cannot be truthfully delivered.
  if (truth.interpretation === 'missing')
    return { state: 'unavailable', reason_code: 'interpretation_missing' };
  if (
    truth.publication_readiness === 'blocked' ||
    truth.interpretation === 'not_publishable' ||
    truth.content_state === 'missing_input'
  ) {
    return { state: 'unavailable', reason_code: 'source_not_publishable' };
  }
  // Row 4: only historical exports exist, or the current one expired.
  if (truth.artifact_existence === 'historical_only')
    return { state: 'expired', reason_code: 'current_review_pack_expired' };
  // Row 3: no export was created yet.
  if (truth.artifact_existence === 'not_created')
    return { state: 'unavailable', reason_code: 'current_review_pack_missing' };
  // Row 2: readable, but the basis is stale or incomplete.
  if (truth.freshness === 'stale') return { state: 'partial', reason_code: 'stale_basis' };
  if (truth.publication_readiness === 'internal_only' || truth.evidence_basis === 'partial') {
    return { state: 'partial', reason_code: 'evidence_basis_partial' };
  }
  // Row 1.
  return { state: 'available', reason_code: null };
}

export type Completeness = 'complete' | 'partial' | 'missing';

export interface ProjectionInput {
  now: Date;
  review: { id: string; tenant_id: string; status: 'draft' | 'released' };
  sections: {
    section_key: SectionKey;
    completeness_state: Completeness;
    summary_payload: Record<string, unknown>;
  }[];
  snapshot: {
    id: string;
    completeness_state: Completeness;
    generated_at: string;
    expires_at: string;
    sha256: string;
    item_count: number;
  } | null;
  current_pack: { id: string; expires_at: string } | null;
  has_historical_packs: boolean;
  entitlement: { package: boolean; evidence: boolean };
}

export function artifactTruth(input: ProjectionInput): ArtifactTruth {
  const { now, review, sections, snapshot, current_pack: pack } = input;
  const interpretationVersion = sections.find((s) => s.section_key === 'control_interpretation')
    ?.summary_payload.interpretation_version;
  const packCurrent = pack !== null && Date.parse(pack.expires_at) > now.getTime();
  return {
    publication_readiness:
      review.status !== 'released' || sections.some((s) => s.completeness_state === 'missing')
        ? 'blocked'
        : sections.some((s) => s.completeness_state === 'partial')
          ? 'internal_only'
          : 'publishable',
    freshness: snapshot && Date.parse(snapshot.expires_at) > now.getTime() ? 'current' : 'stale',
    artifact_existence: packCurrent
      ? 'created'
      : pack !== null || input.has_historical_packs
        ? 'historical_only'
        : 'not_created',
    content_state: snapshot && snapshot.completeness_state !== 'missing' ? 'complete' : 'missing_input',
    interpretation:
      typeof interpretationVersion !== 'string'
        ? 'missing'
        : PUBLISHABLE_INTERPRETATIONS.has(interpretationVersion)
          ? 'available'
          : 'not_publishable',
    evidence_basis: snapshot?.completeness_state === 'complete' ? 'complete' : 'partial',
  };
}

export type SupportingArtifactLink = {
  artifact_family: 'review_pack' | 'evidence_snapshot' | 'audit_checkpoint';
  state: 'usable' | 'forbidden' | 'unavailable';
  label: string;
  message: string;
  reason_code: 'supporting_access_limited' | null;
  url: string | null;
};

export type GovernanceDecisionFollowUp = {
  decision_id: string;
  decision_source: DecisionFacts['kind'];
  decision_state: Exclude<ValidityState, 'valid'>;
  decision_summary: string;
  accountable_label: string | null;
  review_due_at: string | null;
  expires_at: string | null;
  follow_up_message: string;
};

const FOLLOW_UP: Record<Exclude<ValidityState, 'valid'>, string> = {
  expiring: 'Renew or retire this decision before it lapses.',
  expired: 'This decision lapsed: the issue is no longer covered by an accepted basis.',
  revoked: 'This decision was revoked: the issue needs a new decision or remediation.',
  missing_basis: 'The basis is incomplete (owner, approval or timing); it cannot be relied on yet.',
};

/**
 * Sorts each captured decision into exactly one list: currently valid ones are accepted risks, everything
 * else needs follow-up. Denied requests were never accepted and appear in neither.
 */
export function splitDecisions(decisions: readonly DecisionFacts[], now: Date) {
  const accepted: {
    decision_id: string;
    title: string;
    severity: string;
    accountable_label: string | null;
    expires_at: string;
  }[] = [];
  const followUps: GovernanceDecisionFollowUp[] = [];
  for (const decision of decisions) {
    if (decision.status === 'denied') continue;
    const { state, reasons } = deriveValidity(decision, now);
    const accountable = decision.owner_user_id ? `owner ${decision.owner_user_id}` : null;
    if (state === 'valid') {
      accepted.push({
        decision_id: decision.id,
        title: decision.title,
        severity: decision.severity,
        accountable_label: accountable,
        expires_at: decision.expires_at,
      });
      continue;
    }
    followUps.push({
      decision_id: decision.id,
      decision_source: decision.kind,
      decision_state: state,
      decision_summary: `${decision.title} (${reasons.join(', ')})`,
      accountable_label: accountable,
      review_due_at: decision.review_due_at,
      expires_at: decision.expires_at,
      follow_up_message: FOLLOW_UP[state],
    });
  }
  return { accepted, followUps };
}

const SEVERITY_RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function projectPackage(input: ProjectionInput) {
  const payload = (key: SectionKey) =>
    input.sections.find((s) => s.section_key === key)?.summary_payload ?? {};
  const truth = artifactTruth(input);
  const availability = packageAvailability(truth, input.entitlement.package);
  const { accepted, followUps } = splitDecisions(
    (payload('accepted_risks').decisions as DecisionFacts[] | undefined) ?? [],
    input.now,
  );
  const findings = ((payload('open_risks').items as { severity: string }[] | undefined) ?? [])
    .toSorted((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9))
    .slice(0, 5);
  const { snapshot, current_pack: pack } = input;
  const links: SupportingArtifactLink[] = [
    truth.artifact_existence !== 'created' || !pack
      ? link('review_pack', 'unavailable', 'Review pack', 'No current review pack exists for this review.')
      : input.entitlement.package
        ? link(
            'review_pack',
            'usable',
            'Review pack',
            'Download through a signed, expiring link.',
            `/v1/governance/packs/${pack.id}/link`,
          )
        : link(
            'review_pack',
            'forbidden',
            'Review pack',
            'Downloading packs is not within your access.',
            null,
            true,
          ),
    !snapshot
      ? link('evidence_snapshot', 'unavailable', 'Evidence snapshot', 'No evidence snapshot was taken.')
      : input.entitlement.evidence
        ? link(
            'evidence_snapshot',
            'usable',
            'Evidence snapshot',
            'The frozen evidence basis with hashes.',
            `/v1/governance/snapshots/${snapshot.id}`,
          )
        : link(
            'evidence_snapshot',
            'forbidden',
            'Evidence snapshot',
            'Raw evidence is not within your access.',
            null,
            true,
          ),
    link(
      'audit_checkpoint',
      'usable',
      'Audit checkpoint',
      'The signed head of the tenant audit log.',
      '/v1/audit/checkpoint',
    ),
  ];
  return {
    review_id: input.review.id,
    tenant_id: input.review.tenant_id,
    interpretation_version:
      (payload('control_interpretation').interpretation_version as string | undefined) ?? null,
    delivery_artifact_family: 'review_pack' as const,
    package_availability: availability,
    executive_summary: payload('executive_summary'),
    top_findings: findings,
    accepted_risks: accepted,
    governance_decisions: followUps,
    evidence_basis_summary: snapshot
      ? {
          snapshot_id: snapshot.id,
          completeness_state: snapshot.completeness_state,
          item_count: snapshot.item_count,
          generated_at: snapshot.generated_at,
          sha256: snapshot.sha256,
        }
      : null,
    supporting_artifact_links: links,
    calm_disclosure: disclosure(availability.state, availability.reason_code, followUps.length),
  };
}

export type PackageProjection = ReturnType<typeof projectPackage>;

function link(
  family: SupportingArtifactLink['artifact_family'],
  state: SupportingArtifactLink['state'],
  label: string,
  message: string,
  url: string | null = null,
  limited = false,
): SupportingArtifactLink {
  return {
    artifact_family: family,
    state,
    label,
    message,
    reason_code: limited ? 'supporting_access_limited' : null,
    url,
  };
}

const STATE_TEXT: Record<PackageState, string> = {
  available: 'The current review pack is ready for stakeholder delivery.',
  partial: 'The management summary is readable, but its delivery basis is incomplete or stale.',
  unavailable: 'The package cannot be delivered truthfully right now.',
  expired: 'Only historical exports exist; they are not the current stakeholder package.',
  blocked: 'The package path is not within your access.',
};

function disclosure(state: PackageState, reason: PackageReason | null, followUps: number): string {
  const why = reason ? ` (${reason})` : '';
  const decisions = followUps === 0 ? '' : ` ${followUps} governance decision(s) need follow-up.`;
  return `${STATE_TEXT[state]}${why}${decisions}`;
}
