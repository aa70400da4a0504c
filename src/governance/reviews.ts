import { appendAudit } from '../audit/append.ts';
import { proveEvents } from '../audit/event-proofs.ts';
import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../core/clock.ts';
import { canonicalHash, sha256Hex } from '../core/hash.ts';
import { newId } from '../core/ids.ts';
import { conflict, forbidden, notFound, Problem } from '../core/problem.ts';
import type { Actor } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor, Orm } from '../db/connect.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { loadActor } from '../tenancy/store.ts';
import { claimsOf } from './claims.ts';
import { can, requireCapability, targetTenant } from './entitlement.ts';
import { readFacts } from './facts.ts';
import { checkLink, signLink } from './link.ts';
import { buildPack, type PackClaim } from './pack.ts';
import { type ProjectionInput, projectPackage } from './projection.ts';
import { composeSections, type ReviewSection, snapshotOf } from './sections.ts';
import {
  entitledTenants,
  insertPack,
  insertReview,
  latestReleasedReview,
  listReviews,
  loadPack,
  loadReview,
  loadSnapshot,
  packsOf,
  releaseReview,
  sectionsOf,
  setCurrentPack,
  type TenantReview,
  tenantById,
} from './store.ts';
import type { EvidenceSnapshotRecord, ReviewPackRecord, TenantReviewSectionRecord } from './tables.ts';

const DAY_MS = 86_400_000;

/** What reviews and packs need of the audit log: a current signed checkpoint and its verifier key. */
type ReviewAudit = Pick<AuditService, 'integrateNow' | 'checkpoint' | 'verifierKey'>;

export interface ReviewSettings {
  pack_ttl_days: number;
  link_ttl_seconds: number;
}

const reviewView = (row: TenantReview) => ({
  id: row.id,
  tenant_id: row.tenant_id,
  tenant_name: row.tenant_name,
  status: row.status,
  generated_at: iso(row.generated_at),
  published_at: iso(row.published_at),
  summary: row.summary,
  evidence_snapshot_id: row.evidence_snapshot_id,
  current_export_review_pack_id: row.current_export_review_pack_id,
  created_by: row.created_by,
  released_by: row.released_by,
});

const snapshotView = (row: EvidenceSnapshotRecord) => ({
  id: row.id,
  tenant_id: row.tenant_id,
  status: row.status,
  completeness_state: row.completeness_state,
  generated_at: iso(row.generated_at),
  expires_at: iso(row.expires_at),
  summary: row.summary,
  items: row.items,
  sha256: row.sha256,
});

const packView = (row: ReviewPackRecord) => ({
  id: row.id,
  tenant_id: row.tenant_id,
  tenant_review_id: row.tenant_review_id,
  status: row.status,
  sha256: row.sha256,
  size_bytes: row.size_bytes,
  expires_at: iso(row.expires_at),
  summary: row.summary,
  created_by: row.created_by,
  created_at: iso(row.created_at),
});

const sectionView = (row: TenantReviewSectionRecord): ReviewSection => ({
  section_key: row.section_key,
  title: row.title,
  sort_order: row.sort_order,
  completeness_state: row.completeness_state,
  summary_payload: row.summary_payload,
  render_payload: row.render_payload,
  measured_at: iso(row.measured_at),
});

export class ReviewService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #audit: ReviewAudit;
  readonly #objects: Pick<ObjectStore, 'put' | 'get'>;
  readonly #linkKey: Buffer;
  readonly #settings: ReviewSettings;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    audit: ReviewAudit;
    objects: Pick<ObjectStore, 'put' | 'get'>;
    linkKey: Buffer;
    settings: ReviewSettings;
  }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
    this.#audit = deps.audit;
    this.#objects = deps.objects;
    this.#linkKey = deps.linkKey;
    this.#settings = deps.settings;
  }

  /** Composes a draft review from platform truth and freezes its evidence basis in a snapshot. */
  async create(actor: Actor, input: { tenant?: string }) {
    requireCapability(actor, 'governance.manage');
    const tenantId = await targetTenant(this.#orm, actor, input.tenant);
    const tenant = await tenantById(this.#orm, tenantId);
    const now = this.#clock.now();
    const facts = await readFacts(this.#orm, this.#audit, tenant!, now);
    const sections = composeSections(facts);
    const snapshot = snapshotOf(facts);
    const id = newId();
    const snapshotId = newId();
    const summary = {
      headline: sections[0]?.summary_payload.headline,
      control_interpretation: sections.find((s) => s.section_key === 'control_interpretation')
        ?.summary_payload,
    };
    await this.#orm.transaction(async (tx) => {
      await insertReview(tx, {
        snapshot: {
          id: snapshotId,
          tenant_id: tenantId,
          status: 'active',
          completeness_state: snapshot.completeness_state,
          generated_at: now,
          expires_at: new Date(now.getTime() + this.#settings.pack_ttl_days * DAY_MS),
          summary: { item_count: snapshot.items.length, checkpoint_size: facts.checkpoint.size },
          items: snapshot.items,
          sha256: canonicalHash(snapshot.items),
        },
        review: {
          id,
          tenant_id: tenantId,
          status: 'draft',
          generated_at: now,
          summary,
          evidence_snapshot_id: snapshotId,
          created_by: actor.id,
        },
        sections: sections.map((s) => ({ ...s, tenant_review_id: id, measured_at: new Date(s.measured_at) })),
      });
      await appendAudit(tx, {
        tenant_id: tenantId,
        actor,
        action: 'tenant_review.composed',
        occurred_at: now,
        context: { tenant_review_id: id, evidence_snapshot_id: snapshotId, items: snapshot.items.length },
      });
    });
    return this.get(actor, id, false);
  }

  async #review(tx: Executor, actor: Actor, id: string, forUpdate = false): Promise<TenantReview> {
    const row = await loadReview(tx, actor, id, forUpdate);
    if (!row) throw notFound(`review ${id}`);
    return row;
  }

  async #sections(tx: Executor, reviewId: string): Promise<ReviewSection[]> {
    return (await sectionsOf(tx, reviewId)).map(sectionView);
  }

  /** The package projection of a review for this actor, derived now from what is stored. */
  async #project(tx: Executor, actor: Actor, review: TenantReview, sections: ReviewSection[]) {
    const snapshot = await loadSnapshot(tx, review.evidence_snapshot_id);
    const packs = await packsOf(tx, review.id);
    const current = packs.find((p) => p.id === review.current_export_review_pack_id);
    const input: ProjectionInput = {
      now: this.#clock.now(),
      review: { id: review.id, tenant_id: review.tenant_id, status: review.status },
      sections,
      snapshot: snapshot ? { ...snapshotView(snapshot), item_count: snapshot.items.length } : null,
      current_pack: current ? { id: current.id, expires_at: iso(current.expires_at) } : null,
      has_historical_packs: packs.some((p) => p.id !== current?.id),
      entitlement: { package: can(actor, 'package.download'), evidence: can(actor, 'evidence.open') },
    };
    return projectPackage(input);
  }

  /** A review with its sections and package; opening it is audited (tenant_review.opened). */
  async get(actor: Actor, id: string, audited = true) {
    requireCapability(actor, 'governance.read');
    return this.#orm.transaction(async (tx) => {
      const review = await this.#review(tx, actor, id);
      const sections = await this.#sections(tx, review.id);
      if (audited) {
        await appendAudit(tx, {
          tenant_id: review.tenant_id,
          actor,
          action: 'tenant_review.opened',
          occurred_at: this.#clock.now(),
          context: { tenant_review_id: review.id },
        });
      }
      return { ...reviewView(review), sections, package: await this.#project(tx, actor, review, sections) };
    });
  }

  async package(actor: Actor, id: string) {
    requireCapability(actor, 'governance.read');
    const review = await this.#review(this.#orm, actor, id);
    return this.#project(this.#orm, actor, review, await this.#sections(this.#orm, review.id));
  }

  async list(actor: Actor, filter: { tenant?: string; status?: 'draft' | 'released' }) {
    requireCapability(actor, 'governance.read');
    const tenantId =
      filter.tenant === undefined ? undefined : await targetTenant(this.#orm, actor, filter.tenant);
    const rows = await listReviews(this.#orm, actor, { tenantId, status: filter.status });
    return rows.map(reviewView);
  }

  async release(actor: Actor, id: string) {
    requireCapability(actor, 'governance.manage');
    await this.#orm.transaction(async (tx) => {
      const review = await this.#review(tx, actor, id, true);
      if (review.status !== 'draft') throw conflict('the review is already released', 'review_released');
      const now = this.#clock.now();
      await releaseReview(tx, review.id, now, actor.id);
      await appendAudit(tx, {
        tenant_id: review.tenant_id,
        actor,
        action: 'tenant_review.released',
        occurred_at: now,
        context: { tenant_review_id: review.id },
      });
    });
    return this.get(actor, id, false);
  }

  /** Exports a released review as a ZIP into the object store; it becomes the review's current export. */
  async createPack(actor: Actor, reviewId: string) {
    requireCapability(actor, 'governance.manage');
    const review = await this.#review(this.#orm, actor, reviewId);
    if (review.status !== 'released')
      throw conflict('only a released review can be exported', 'review_not_released');
    const sections = await this.#sections(this.#orm, review.id);
    const snapshot = await loadSnapshot(this.#orm, review.evidence_snapshot_id);
    const now = this.#clock.now();
    await this.#audit.integrateNow();
    const checkpoint = await this.#audit.checkpoint(review.tenant_id);
    const claims = await this.#proveClaims(review.tenant_id, sections, checkpoint.size);
    const id = newId();
    const pack = await buildPack({
      review: {
        id: review.id,
        tenant_id: review.tenant_id,
        tenant_name: review.tenant_name,
        published_at: iso(review.published_at)!,
        generated_at: iso(review.generated_at),
      },
      sections,
      snapshot: snapshotView(snapshot!),
      checkpoint: { note: checkpoint.note, size: checkpoint.size },
      claims,
      verifier_key: this.#audit.verifierKey,
      generated_at: now.toISOString(),
    });
    const key = `review-packs/${review.tenant_id}/${id}.zip`;
    // The object first: a pack row never points at bytes that are not there.
    await this.#objects.put(key, pack.zip);
    const sha256 = sha256Hex(pack.zip);
    return this.#orm.transaction(async (tx) => {
      const row = await insertPack(tx, {
        id,
        tenant_id: review.tenant_id,
        tenant_review_id: review.id,
        status: 'ready',
        object_key: key,
        sha256,
        size_bytes: pack.zip.length,
        expires_at: new Date(now.getTime() + this.#settings.pack_ttl_days * DAY_MS),
        summary: { files: pack.manifest.files.length, checkpoint_size: checkpoint.size },
        created_by: actor.id,
        created_at: now,
      });
      await setCurrentPack(tx, review.id, id);
      await appendAudit(tx, {
        tenant_id: review.tenant_id,
        actor,
        action: 'review_pack.generated',
        occurred_at: now,
        context: { review_pack_id: id, tenant_review_id: review.id, sha256 },
      });
      return packView(row);
    });
  }

  /** The sections' claims with each cited event proven against the pack's checkpoint (one read of nodes). */
  async #proveClaims(tenantId: string, sections: ReviewSection[], size: number): Promise<PackClaim[]> {
    const stated = sections.flatMap((s) =>
      claimsOf(s.summary_payload).map((claim) => ({ section: s.section_key, ...claim })),
    );
    const proven = await proveEvents(
      this.#orm,
      tenantId,
      stated.flatMap((c) => c.event_ids),
      size,
    );
    const byId = new Map(proven.map((event) => [event.event_id, event]));
    return stated.map(({ event_ids, ...claim }) => ({
      ...claim,
      events: event_ids.map((eventId) => byId.get(eventId)!),
    }));
  }

  async #pack(tx: Executor, actor: Actor, id: string): Promise<ReviewPackRecord> {
    const row = await loadPack(tx, actor, id);
    if (!row) throw notFound(`review pack ${id}`);
    return row;
  }

  async getPack(actor: Actor, id: string) {
    requireCapability(actor, 'governance.read');
    return packView(await this.#pack(this.#orm, actor, id));
  }

  /** A signed, expiring download link, for actors entitled to the package path. */
  async link(actor: Actor, id: string) {
    requireCapability(actor, 'governance.read');
    const pack = await this.#pack(this.#orm, actor, id);
    if (!can(actor, 'package.download'))
      throw forbidden('downloading review packs is not within your access', 'entitlement_restricted');
    const now = this.#clock.now();
    if (new Date(pack.expires_at) <= now) throw new Problem(410, 'pack_expired', 'the review pack expired');
    const expires = Math.floor(now.getTime() / 1000) + this.#settings.link_ttl_seconds;
    return {
      url: signLink(this.#linkKey, pack.id, actor.id, expires),
      expires_at: new Date(expires * 1000).toISOString(),
    };
  }

  /** The download behind a signed link: the signature is the authorization; the actor must still be entitled. */
  async download(id: string, query: { expires: string; actor: string; sig: string }) {
    const now = this.#clock.now();
    const check = checkLink(this.#linkKey, id, query, now);
    if (check === 'invalid') throw forbidden('the link signature is not valid', 'link_invalid');
    if (check === 'expired') throw new Problem(410, 'link_expired', 'the link expired');
    return this.#orm.transaction(async (tx) => {
      const actor = await loadActor(tx, query.actor).catch(() => undefined);
      if (!actor || !can(actor, 'package.download'))
        throw forbidden('the link no longer authorizes a download', 'link_invalid');
      const pack = await this.#pack(tx, actor, id);
      if (new Date(pack.expires_at) <= now) throw new Problem(410, 'pack_expired', 'the review pack expired');
      const bytes = await this.#objects.get(pack.object_key);
      if (!bytes) throw notFound(`review pack ${id}`);
      await appendAudit(tx, {
        tenant_id: pack.tenant_id,
        actor,
        action: 'review_pack.downloaded',
        occurred_at: now,
        context: { review_pack_id: pack.id, tenant_review_id: pack.tenant_review_id, sha256: pack.sha256 },
      });
      return { bytes, filename: `review-pack-${pack.id}.zip` };
    });
  }

  async snapshot(actor: Actor, id: string) {
    requireCapability(actor, 'governance.read');
    return this.#orm.transaction(async (tx) => {
      const row = await loadSnapshot(tx, id, actor);
      if (!row) throw notFound(`evidence snapshot ${id}`);
      requireCapability(actor, 'evidence.open');
      await appendAudit(tx, {
        tenant_id: row.tenant_id,
        actor,
        action: 'evidence_snapshot.opened',
        occurred_at: this.#clock.now(),
        context: { evidence_snapshot_id: row.id },
      });
      return snapshotView(row);
    });
  }

  /**
   * The workspace view: the latest released review of each tenant the actor is entitled to, with its package
   * state. Other tenants are neither listed nor counted.
   */
  async workspace(actor: Actor) {
    requireCapability(actor, 'governance.read');
    return this.#orm.transaction(async (tx) => {
      const tenants = await entitledTenants(tx, actor);
      const rows = [];
      for (const tenant of tenants) {
        const review = await latestReleasedReview(tx, tenant.id);
        if (!review) continue;
        const projection = await this.#project(tx, actor, review, await this.#sections(tx, review.id));
        rows.push({
          tenant_id: tenant.id,
          tenant_name: tenant.name,
          review_id: review.id,
          published_at: iso(review.published_at),
          package_availability: projection.package_availability,
          accepted_risks: projection.accepted_risks.length,
          governance_decisions: projection.governance_decisions.length,
        });
      }
      const byState = rows.reduce<Record<string, number>>((acc, row) => {
        acc[row.package_availability.state] = (acc[row.package_availability.state] ?? 0) + 1;
        return acc;
      }, {});
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'customer_review_workspace.opened',
        occurred_at: this.#clock.now(),
        context: { tenants: rows.length },
      });
      return {
        tenants: rows,
        counts: { tenants_with_released_reviews: rows.length, by_package_state: byState },
      };
    });
  }
}
