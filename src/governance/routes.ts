import { z } from 'zod';
import type { RouteModule } from '../core/route-module.ts';
import { visibleText } from '../core/visible-text.ts';
import { SEVERITIES } from '../verification/report.ts';
import { DecisionInputSchema, type DecisionService } from './decisions.ts';
import { PACKAGE_REASONS, PACKAGE_STATES } from './projection.ts';
import type { ReviewService } from './reviews.ts';
import { SECTION_KEYS } from './sections.ts';
import { VALIDITY_STATES } from './validity.ts';

const idParams = z.object({ id: z.string().max(100) });
const tags = ['governance'];

// The answers' schemas list the fields in the order the views write them: zod writes listed fields first, so
// another order would reorder the JSON. Objects read back from jsonb columns are records (jsonb keeps its own
// key order, and their content is the composer's).
const record = z.record(z.string(), z.unknown());
const DECISION_STATUSES = ['pending', 'approved', 'denied', 'revoked'] as const;
const COMPLETENESS = ['complete', 'partial', 'missing'] as const;

const decisionView = z.looseObject({
  id: z.string(),
  tenant_id: z.string(),
  kind: z.enum(['accepted_risk', 'exception']),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  source_kind: z.enum(['finding', 'exception_event', 'failed_check']),
  source_ref: record,
  status: z.enum(DECISION_STATUSES),
  owner_user_id: z.string().nullable(),
  requested_by: z.string(),
  approved_by_user_id: z.string().nullable(),
  request_reason: z.string(),
  review_due_at: z.string().nullable(),
  effective_from: z.string(),
  expires_at: z.string(),
  current_validity_state: z.enum(VALIDITY_STATES),
  validity_reasons: z.array(z.string()),
  approval: z.looseObject({
    quorum: z.number(),
    approvers: z.array(z.string()).readonly(),
    votes: z.array(
      z.looseObject({
        actor_id: z.string(),
        decision: z.enum(['approve', 'deny', 'send_back']),
        at: z.string(),
        comment: z.string().optional(),
      }),
    ),
    request_expires_at: z.string(),
  }),
  revoked_at: z.string().nullable(),
  revoked_by: z.string().nullable(),
  revoke_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const reviewView = z.looseObject({
  id: z.string(),
  tenant_id: z.string(),
  tenant_name: z.string(),
  status: z.enum(['draft', 'released']),
  generated_at: z.string(),
  published_at: z.string().nullable(),
  summary: record,
  evidence_snapshot_id: z.string(),
  current_export_review_pack_id: z.string().nullable(),
  created_by: z.string(),
  released_by: z.string().nullable(),
});

const sectionView = z.looseObject({
  section_key: z.enum(SECTION_KEYS),
  title: z.string(),
  sort_order: z.number(),
  completeness_state: z.enum(COMPLETENESS),
  summary_payload: record,
  render_payload: record,
  measured_at: z.string(),
});

const packageAvailability = z.looseObject({
  state: z.enum(PACKAGE_STATES),
  reason_code: z.enum(PACKAGE_REASONS).nullable(),
});

const packageView = z.looseObject({
  review_id: z.string(),
  tenant_id: z.string(),
  interpretation_version: z.string().nullable(),
  delivery_artifact_family: z.literal('review_pack'),
  package_availability: packageAvailability,
  executive_summary: record,
  top_findings: z.array(record),
  accepted_risks: z.array(
    z.looseObject({
      decision_id: z.string(),
      title: z.string(),
      severity: z.string(),
      accountable_label: z.string().nullable(),
      expires_at: z.string(),
    }),
  ),
  governance_decisions: z.array(
    z.looseObject({
      decision_id: z.string(),
      decision_source: z.enum(['accepted_risk', 'exception']),
      decision_state: z.enum(VALIDITY_STATES),
      decision_summary: z.string(),
      accountable_label: z.string().nullable(),
      review_due_at: z.string().nullable(),
      expires_at: z.string().nullable(),
      follow_up_message: z.string(),
    }),
  ),
  evidence_basis_summary: z
    .looseObject({
      snapshot_id: z.string(),
      completeness_state: z.enum(COMPLETENESS),
      item_count: z.number(),
      generated_at: z.string(),
      sha256: z.string(),
    })
    .nullable(),
  supporting_artifact_links: z.array(
    z.looseObject({
      artifact_family: z.enum(['review_pack', 'evidence_snapshot', 'audit_checkpoint']),
      state: z.enum(['usable', 'forbidden', 'unavailable']),
      label: z.string(),
      message: z.string(),
      reason_code: z.literal('supporting_access_limited').nullable(),
      url: z.string().nullable(),
    }),
  ),
  calm_disclosure: z.string(),
});

const fullReviewView = reviewView.extend({ sections: z.array(sectionView), package: packageView });

const packView = z.looseObject({
  id: z.string(),
  tenant_id: z.string(),
  tenant_review_id: z.string(),
  status: z.enum(['ready', 'failed']),
  sha256: z.string(),
  size_bytes: z.number(),
  expires_at: z.string(),
  summary: record,
  created_by: z.string(),
  created_at: z.string(),
});

const snapshotView = z.looseObject({
  id: z.string(),
  tenant_id: z.string(),
  status: z.enum(['active', 'expired']),
  completeness_state: z.enum(COMPLETENESS),
  generated_at: z.string(),
  expires_at: z.string(),
  summary: record,
  items: z.array(record),
  sha256: z.string(),
});

const workspaceView = z.looseObject({
  tenants: z.array(
    z.looseObject({
      tenant_id: z.string(),
      tenant_name: z.string(),
      review_id: z.string(),
      published_at: z.string().nullable(),
      package_availability: packageAvailability,
      accepted_risks: z.number(),
      governance_decisions: z.number(),
    }),
  ),
  counts: z.looseObject({
    tenants_with_released_reviews: z.number(),
    by_package_state: z.record(z.string(), z.number()),
  }),
});

export function governanceRoutes(deps: { decisions: DecisionService; reviews: ReviewService }): RouteModule {
  const { decisions, reviews } = deps;
  return {
    register(app) {
      app.post(
        '/governance/decisions',
        { schema: { tags, body: DecisionInputSchema, response: { 201: decisionView } } },
        async (request, reply) => reply.code(201).send(await decisions.create(request.actor, request.body)),
      );
      app.get(
        '/governance/decisions',
        {
          schema: {
            tags,
            querystring: z.strictObject({
              tenant: z.string().max(100).optional(),
              status: z.enum(DECISION_STATUSES).optional(),
            }),
            response: { 200: z.looseObject({ items: z.array(decisionView) }) },
          },
        },
        async (request) => ({ items: await decisions.list(request.actor, request.query) }),
      );
      app.get(
        '/governance/decisions/:id',
        { schema: { tags, params: idParams, response: { 200: decisionView } } },
        async (request) => decisions.get(request.actor, request.params.id),
      );
      app.post(
        '/governance/decisions/:id/approvals',
        {
          schema: {
            tags,
            params: idParams,
            body: z.strictObject({
              decision: z.enum(['approve', 'deny']),
              comment: visibleText(2000).optional(),
            }),
            response: { 201: decisionView },
          },
        },
        async (request, reply) =>
          reply
            .code(201)
            .send(
              await decisions.vote(
                request.actor,
                request.params.id,
                request.body.decision,
                request.body.comment,
              ),
            ),
      );
      app.post(
        '/governance/decisions/:id/revoke',
        {
          schema: {
            tags,
            params: idParams,
            body: z.strictObject({ reason: visibleText(2000).trim() }),
            response: { 200: decisionView },
          },
        },
        async (request) => decisions.revoke(request.actor, request.params.id, request.body.reason),
      );

      app.post(
        '/governance/reviews',
        {
          schema: {
            tags,
            body: z.strictObject({ tenant: z.string().max(100).optional() }).nullish(),
            response: { 201: fullReviewView },
          },
        },
        async (request, reply) =>
          reply.code(201).send(await reviews.create(request.actor, request.body ?? {})),
      );
      app.get(
        '/governance/reviews',
        {
          schema: {
            tags,
            querystring: z.strictObject({
              tenant: z.string().max(100).optional(),
              status: z.enum(['draft', 'released']).optional(),
            }),
            response: { 200: z.looseObject({ items: z.array(reviewView) }) },
          },
        },
        async (request) => ({ items: await reviews.list(request.actor, request.query) }),
      );
      app.get(
        '/governance/reviews/:id',
        { schema: { tags, params: idParams, response: { 200: fullReviewView } } },
        async (request) => reviews.get(request.actor, request.params.id),
      );
      app.get(
        '/governance/reviews/:id/package',
        {
          schema: {
            tags,
            params: idParams,
            description: 'The governance package projection, derived on read.',
            response: { 200: packageView },
          },
        },
        async (request) => reviews.package(request.actor, request.params.id),
      );
      app.post(
        '/governance/reviews/:id/release',
        { schema: { tags, params: idParams, response: { 200: fullReviewView } } },
        async (request) => reviews.release(request.actor, request.params.id),
      );
      app.post(
        '/governance/reviews/:id/packs',
        { schema: { tags, params: idParams, response: { 201: packView } } },
        async (request, reply) =>
          reply.code(201).send(await reviews.createPack(request.actor, request.params.id)),
      );
      app.get(
        '/governance/packs/:id',
        { schema: { tags, params: idParams, response: { 200: packView } } },
        async (request) => reviews.getPack(request.actor, request.params.id),
      );
      app.get(
        '/governance/packs/:id/link',
        {
          schema: {
            tags,
            params: idParams,
            description: 'A signed, expiring download link of the pack.',
            response: { 200: z.looseObject({ url: z.string(), expires_at: z.string() }) },
          },
        },
        async (request) => reviews.link(request.actor, request.params.id),
      );
      app.get(
        '/governance/snapshots/:id',
        { schema: { tags, params: idParams, response: { 200: snapshotView } } },
        async (request) => reviews.snapshot(request.actor, request.params.id),
      );
      app.get(
        '/governance/workspace',
        { schema: { tags, response: { 200: workspaceView } } },
        async (request) => reviews.workspace(request.actor),
      );
    },
  };
}

/** The download of a signed link: public, since the signature is the authorization. */
export function packDownloadRoutes(reviews: ReviewService): RouteModule {
  return {
    public: true,
    register(app) {
      app.get(
        '/v1/governance/packs/:id/download',
        {
          schema: {
            tags,
            security: [],
            params: idParams,
            querystring: z.object({
              expires: z.string().max(20),
              actor: z.string().max(100),
              sig: z.string().max(100),
            }),
            response: {
              200: {
                description: 'The review pack: a ZIP whose manifest.json lists every file with its SHA-256.',
                content: {
                  'application/zip': { schema: z.unknown().meta({ type: 'string', format: 'binary' }) },
                },
              },
            },
          },
        },
        async (request, reply) => {
          const { bytes, filename } = await reviews.download(request.params.id, request.query);
          return reply
            .type('application/zip')
            .header('content-disposition', `attachment; filename="${filename}"`)
            .send(Buffer.from(bytes));
        },
      );
    },
  };
}
