import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionFacts } from './decisions.ts';
import {
  type ArtifactTruth,
  artifactTruth,
  PACKAGE_REASONS,
  type ProjectionInput,
  packageAvailability,
  projectPackage,
  splitDecisions,
} from './projection.ts';
import { INTERPRETATION_VERSION, SECTION_KEYS } from './sections.ts';

const good: ArtifactTruth = {
  publication_readiness: 'publishable',
  freshness: 'current',
  artifact_existence: 'created',
  content_state: 'complete',
  interpretation: 'available',
  evidence_basis: 'complete',
};

// Seed 002's canonical mapping, one case per row and per reason code it names.
const mapping = [
  ['row 1: publishable, current pack available', {}, true, 'available', null],
  [
    'row 2: internal_only',
    { publication_readiness: 'internal_only' },
    true,
    'partial',
    'evidence_basis_partial',
  ],
  ['row 2: evidence basis partial', { evidence_basis: 'partial' }, true, 'partial', 'evidence_basis_partial'],
  ['row 2: freshness stale', { freshness: 'stale' }, true, 'partial', 'stale_basis'],
  [
    'row 3: publication blocked',
    { publication_readiness: 'blocked' },
    true,
    'unavailable',
    'source_not_publishable',
  ],
  [
    'row 3: pack not created',
    { artifact_existence: 'not_created' },
    true,
    'unavailable',
    'current_review_pack_missing',
  ],
  ['row 3: missing input', { content_state: 'missing_input' }, true, 'unavailable', 'source_not_publishable'],
  [
    'row 3: interpretation missing',
    { interpretation: 'missing' },
    true,
    'unavailable',
    'interpretation_missing',
  ],
  [
    'row 3: interpretation not publishable',
    { interpretation: 'not_publishable' },
    true,
    'unavailable',
    'source_not_publishable',
  ],
  [
    'row 4: historical only / expired pack',
    { artifact_existence: 'historical_only' },
    true,
    'expired',
    'current_review_pack_expired',
  ],
  ['row 5: no package entitlement', {}, false, 'blocked', 'entitlement_restricted'],
] as const;

describe('package availability (the mapping table)', () => {
  it.each(mapping)('%s', (_row, over, entitled, state, reason) => {
    expect(packageAvailability({ ...good, ...over }, entitled)).toEqual({ state, reason_code: reason });
  });

  it('covers every reason code', () => {
    expect(new Set(mapping.map((row) => row[4]).filter(Boolean))).toEqual(new Set(PACKAGE_REASONS));
  });

  it('settles truths that qualify for several rows: entitlement, then source, then pack, then basis', () => {
    const everything: ArtifactTruth = {
      publication_readiness: 'internal_only',
      freshness: 'stale',
      artifact_existence: 'historical_only',
      content_state: 'complete',
      interpretation: 'available',
      evidence_basis: 'partial',
    };
    expect(packageAvailability(everything, false).state).toBe('blocked');
    expect(packageAvailability(everything, true)).toEqual({
      state: 'expired',
      reason_code: 'current_review_pack_expired',
    });
    expect(packageAvailability({ ...everything, artifact_existence: 'created' }, true).reason_code).toBe(
      'stale_basis',
    );
  });
});

const now = new Date('2026-03-01T00:00:00.000Z');
const section = (key: (typeof SECTION_KEYS)[number], payload: Record<string, unknown> = {}) => ({
  section_key: key,
  completeness_state: 'complete' as const,
  summary_payload: payload,
});
const decision = (id: string, over: Partial<DecisionFacts> = {}): DecisionFacts => ({
  id,
  tenant_id: 't',
  kind: 'accepted_risk',
  title: `risk ${id}`,
  severity: 'medium',
  source_kind: 'finding',
  source_ref: {},
  status: 'approved',
  owner_user_id: 'o',
  requested_by: 'r',
  approved_by_user_id: 'a',
  request_reason: 'why',
  review_due_at: null,
  effective_from: '2026-01-01T00:00:00.000Z',
  expires_at: '2026-12-01T00:00:00.000Z',
  ...over,
});

function input(over: Partial<ProjectionInput> = {}): ProjectionInput {
  return {
    now,
    review: { id: 'r', tenant_id: 't', status: 'released' },
    sections: SECTION_KEYS.map((key) =>
      section(
        key,
        key === 'control_interpretation'
          ? { interpretation_version: INTERPRETATION_VERSION }
          : key === 'accepted_risks'
            ? { decisions: [decision('1'), decision('2', { status: 'revoked' })] }
            : {},
      ),
    ),
    snapshot: {
      id: 's',
      completeness_state: 'complete',
      generated_at: now.toISOString(),
      expires_at: '2026-04-01T00:00:00.000Z',
      sha256: 'a'.repeat(64),
      item_count: 3,
    },
    current_pack: { id: 'p', expires_at: '2026-04-01T00:00:00.000Z' },
    has_historical_packs: false,
    entitlement: { package: true, evidence: true },
    ...over,
  };
}

describe('package projection', () => {
  it.each([
    ['a current pack', {}, 'created'],
    ['no pack yet', { current_pack: null }, 'not_created'],
    [
      'an expired pack',
      { current_pack: { id: 'p', expires_at: '2026-02-01T00:00:00.000Z' } },
      'historical_only',
    ],
    ['older packs only', { current_pack: null, has_historical_packs: true }, 'historical_only'],
  ] as const)('reads %s as artifact existence %s', (_name, over, existence) => {
    expect(artifactTruth(input(over)).artifact_existence).toBe(existence);
  });

  it('reads a draft review, a stale snapshot and an unknown interpretation from platform truth', () => {
    expect(
      artifactTruth(input({ review: { id: 'r', tenant_id: 't', status: 'draft' } })).publication_readiness,
    ).toBe('blocked');
    const stale = input();
    stale.snapshot = { ...stale.snapshot!, expires_at: '2026-02-01T00:00:00.000Z' };
    expect(artifactTruth(stale).freshness).toBe('stale');
    const unknown = input({
      sections: [section('control_interpretation', { interpretation_version: 'v0' })],
    });
    expect(artifactTruth(unknown).interpretation).toBe('not_publishable');
    expect(artifactTruth(input({ sections: [] })).interpretation).toBe('missing');
  });

  it('row 6: a restricted supporting link keeps the package state and says supporting_access_limited', () => {
    const projection = projectPackage(input({ entitlement: { package: true, evidence: false } }));
    expect(projection.package_availability.state).toBe('available');
    const evidence = projection.supporting_artifact_links.find(
      (l) => l.artifact_family === 'evidence_snapshot',
    );
    expect(evidence).toMatchObject({
      state: 'forbidden',
      reason_code: 'supporting_access_limited',
      url: null,
    });
    const pack = projection.supporting_artifact_links.find((l) => l.artifact_family === 'review_pack');
    expect(pack).toMatchObject({ state: 'usable', url: '/v1/governance/packs/p/link' });
  });

  it('puts a valid decision in accepted_risks and a revoked one in governance_decisions', () => {
    const projection = projectPackage(input());
    expect(projection.accepted_risks.map((d) => d.decision_id)).toEqual(['1']);
    expect(projection.governance_decisions).toMatchObject([{ decision_id: '2', decision_state: 'revoked' }]);
    expect(projection.calm_disclosure).toMatch(/1 governance decision/);
  });

  it('never lists a decision in both accepted_risks and governance_decisions', () => {
    const arbitrary = fc.record({
      status: fc.constantFrom('pending', 'approved', 'denied', 'revoked'),
      owner_user_id: fc.option(fc.constant('o')),
      approved_by_user_id: fc.option(fc.constant('a')),
      effective_from: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      expires_at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      review_due_at: fc.option(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    });
    fc.assert(
      fc.property(fc.array(arbitrary, { maxLength: 12 }), fc.date({ noInvalidDate: true }), (fields, at) => {
        const decisions = fields.map((f, i) => decision(String(i), f as Partial<DecisionFacts>));
        const { accepted, followUps } = splitDecisions(decisions, at);
        const a = new Set(accepted.map((d) => d.decision_id));
        const both = followUps.filter((d) => a.has(d.decision_id));
        const listed = accepted.length + followUps.length;
        return both.length === 0 && listed === decisions.filter((d) => d.status !== 'denied').length;
      }),
    );
  });
});
