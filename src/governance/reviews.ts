import { sql } from 'drizzle-orm';
import { appendAudit } from '../audit/append.ts';
import type { AuditService } from '../audit/service.ts';
import type { Clock } from '../core/clock.ts';
import { sha256Hex } from '../core/hash.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, forbidden, notFound, Problem } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { canonicalHash } from '../plans/content-hash.ts';
import { loadActor } from '../runs/store.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import type { Actor } from '../tenancy/roles.ts';
import { can, entitledTenants, inScope, requireCapability, targetTenant } from './entitlement.ts';
import { readFacts } from './facts.ts';
import { checkLink, signLink } from './link.ts';
import { buildPack } from './pack.ts';
import { type Completeness, type ProjectionInput, projectPackage } from './projection.ts';
import { composeSections, type SectionRow, snapshotOf } from './sections.ts';

const DAY_MS = 86_400_000;

interface ReviewRow {
  id: string;
  tenant_id: string;
  tenant_name: string;
  status: 'draft' | 'released';
  generated_at: Date | string;
  published_at: Date | string | null;
  summary: Record<string, unknown>;
  evidence_snapshot_id: string;
  current_export_review_pack_id: string | null;
  created_by: string;
  released_by: string | null;
}

interface SnapshotRow {
  id: string;
  tenant_id: string;
  status: string;
  completeness_state: Completeness;
  generated_at: Date | string;
  expires_at: Date | string;
  summary: Record<string, unknown>;
  items: unknown[];
  sha256: string;
}

interface PackRow {
  id: string;
  tenant_id: string;
  tenant_review_id: string;
  status: string;
  object_key: string;
  sha256: string;
  size_bytes: number;
  expires_at: Date | string;
  summary: Record<string, unknown>;
  created_by: string;
  created_at: Date | string;
}

export interface ReviewSettings {
  pack_ttl_days: number;
  link_ttl_seconds: number;
}

const reviewView = (row: ReviewRow) => ({
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

const snapshotView = (row: SnapshotRow) => ({
  id: row.id,
  tenant_id: row.tenant_id,
  status: row.status,
  completeness_state: row.completeness_state,
  generated_at: iso(row.generated_at)!,
  expires_at: iso(row.expires_at)!,
  summary: row.summary,
  items: row.items,
  sha256: row.sha256,
});

const packView = (row: PackRow) => ({
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

const sectionView = (row: SectionRow & { measured_at: Date | string }): SectionRow => ({
  section_key: row.section_key,
  title: row.title,
  sort_order: row.sort_order,
  completeness_state: row.completeness_state,
  summary_payload: row.summary_payload,
  render_payload: row.render_payload,
  measured_at: iso(row.measured_at)!,
});

export class ReviewService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  readonly #audit: AuditService;
  readonly #objects: ObjectStore;
  readonly #linkKey: Buffer;
  readonly #settings: ReviewSettings;

  constructor(deps: {
    orm: Orm;
    clock: Clock;
    audit: AuditService;
    objects: ObjectStore;
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
    const [tenant] = rowsOf<{ id: string; name: string }>(
      await this.#orm.execute(sql`SELECT id, name FROM tenants WHERE id = ${tenantId}`),
    );
    const now = this.#clock.now();
    const facts = await readFacts(this.#orm, this.#audit, tenant!, now);
    const sections = composeSections(facts);
    const snapshot = snapshotOf(facts);
    const id = newId();
    const snapshotId = newId();
    await this.#orm.transaction(async (tx) => {
      await tx.execute(sql`
        INSERT INTO evidence_snapshots (id, tenant_id, status, completeness_state, generated_at, expires_at, summary, items, sha256)
        VALUES (${snapshotId}, ${tenantId}, 'active', ${snapshot.completeness_state}, ${now.toISOString()},
          ${new Date(now.getTime() + this.#settings.pack_ttl_days * DAY_MS).toISOString()},
          ${JSON.stringify({ item_count: snapshot.items.length, checkpoint_size: facts.checkpoint.size })}::jsonb,
          ${JSON.stringify(snapshot.items)}::jsonb, ${canonicalHash(snapshot.items)})`);
      const summary = {
        headline: sections[0]?.summary_payload.headline,
        control_interpretation: sections.find((s) => s.section_key === 'control_interpretation')
          ?.summary_payload,
      };
      await tx.execute(sql`
        INSERT INTO tenant_reviews (id, tenant_id, status, generated_at, summary, evidence_snapshot_id, created_by)
        VALUES (${id}, ${tenantId}, 'draft', ${now.toISOString()}, ${JSON.stringify(summary)}::jsonb, ${snapshotId}, ${actor.id})`);
      for (const s of sections) {
        await tx.execute(sql`
          INSERT INTO tenant_review_sections (tenant_review_id, section_key, title, sort_order, completeness_state,
            summary_payload, render_payload, measured_at)
          VALUES (${id}, ${s.section_key}, ${s.title}, ${s.sort_order}, ${s.completeness_state},
            ${JSON.stringify(s.summary_payload)}::jsonb, ${JSON.stringify(s.render_payload)}::jsonb, ${s.measured_at})`);
      }
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

  async #review(tx: Executor, actor: Actor, id: string, forUpdate = false): Promise<ReviewRow> {
    const [row] = isUuid(id)
      ? rowsOf<ReviewRow>(
          await tx.execute(sql`
            SELECT r.*, t.name AS tenant_name FROM tenant_reviews r JOIN tenants t ON t.id = r.tenant_id
            WHERE r.id = ${id} AND ${inScope(actor, sql`r.tenant_id`)} ${forUpdate ? sql`FOR UPDATE OF r` : sql``}`),
        )
      : [];
    if (!row) throw notFound(`review ${id}`);
    return row;
  }

  async #sections(tx: Executor, reviewId: string): Promise<SectionRow[]> {
    return rowsOf<SectionRow>(
      await tx.execute(
        sql`SELECT * FROM tenant_review_sections WHERE tenant_review_id = ${reviewId} ORDER BY sort_order`,
      ),
    ).map(sectionView);
  }

  /** The package projection of a review for this actor, derived now from what is stored. */
  async #project(tx: Executor, actor: Actor, review: ReviewRow, sections: SectionRow[]) {
    const [snapshot] = rowsOf<SnapshotRow>(
      await tx.execute(sql`SELECT * FROM evidence_snapshots WHERE id = ${review.evidence_snapshot_id}`),
    );
    const packs = rowsOf<PackRow>(
      await tx.execute(
        sql`SELECT * FROM review_packs WHERE tenant_review_id = ${review.id} ORDER BY created_at DESC`,
      ),
    );
    const current = packs.find((p) => p.id === review.current_export_review_pack_id);
    const input: ProjectionInput = {
      now: this.#clock.now(),
      review: { id: review.id, tenant_id: review.tenant_id, status: review.status },
      sections,
      snapshot: snapshot ? { ...snapshotView(snapshot), item_count: snapshot.items.length } : null,
      current_pack: current ? { id: current.id, expires_at: iso(current.expires_at)! } : null,
      has_historical_packs: packs.some((p) => p.id !== current?.id),
      entitlement: { package: can(actor, 'package.download'), evidence: can(actor, 'evidence.open') },
    };
    return projectPackage(input);
  }

  /** A review with its sections and package; opening it is audited (seed 002: tenant_review.opened). */
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
    const rows = rowsOf<ReviewRow>(
      await this.#orm.execute(sql`
        SELECT r.*, t.name AS tenant_name FROM tenant_reviews r JOIN tenants t ON t.id = r.tenant_id
        WHERE ${inScope(actor, sql`r.tenant_id`)}
          ${tenantId ? sql`AND r.tenant_id = ${tenantId}` : sql``}
          ${filter.status ? sql`AND r.status = ${filter.status}` : sql``}
        ORDER BY r.generated_at DESC, r.id LIMIT 200`),
    );
    return rows.map(reviewView);
  }

  async release(actor: Actor, id: string) {
    requireCapability(actor, 'governance.manage');
    await this.#orm.transaction(async (tx) => {
      const review = await this.#review(tx, actor, id, true);
      if (review.status !== 'draft') throw conflict('the review is already released', 'review_released');
      const now = this.#clock.now();
      await tx.execute(sql`
        UPDATE tenant_reviews SET status = 'released', published_at = ${now.toISOString()}, released_by = ${actor.id}
        WHERE id = ${review.id}`);
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
    const [snapshot] = rowsOf<SnapshotRow>(
      await this.#orm.execute(
        sql`SELECT * FROM evidence_snapshots WHERE id = ${review.evidence_snapshot_id}`,
      ),
    );
    const now = this.#clock.now();
    await this.#audit.integrateNow();
    const checkpoint = await this.#audit.checkpoint(review.tenant_id);
    const id = newId();
    const pack = buildPack({
      review: {
        id: review.id,
        tenant_id: review.tenant_id,
        tenant_name: review.tenant_name,
        published_at: iso(review.published_at)!,
        generated_at: iso(review.generated_at)!,
      },
      sections,
      snapshot: snapshotView(snapshot!),
      checkpoint: { note: checkpoint.note, size: checkpoint.size },
      verifier_key: this.#audit.verifierKey,
      generated_at: now.toISOString(),
    });
    const key = `review-packs/${review.tenant_id}/${id}.zip`;
    // The object first: a pack row never points at bytes that are not there.
    await this.#objects.put(key, pack.zip);
    const sha256 = sha256Hex(pack.zip);
    return this.#orm.transaction(async (tx) => {
      await tx.execute(sql`
        INSERT INTO review_packs (id, tenant_id, tenant_review_id, status, object_key, sha256, size_bytes, expires_at,
          summary, created_by, created_at)
        VALUES (${id}, ${review.tenant_id}, ${review.id}, 'ready', ${key}, ${sha256}, ${pack.zip.length},
          ${new Date(now.getTime() + this.#settings.pack_ttl_days * DAY_MS).toISOString()},
          ${JSON.stringify({ files: (pack.manifest.files as unknown[]).length, checkpoint_size: checkpoint.size })}::jsonb,
          ${actor.id}, ${now.toISOString()})`);
      await tx.execute(
        sql`UPDATE tenant_reviews SET current_export_review_pack_id = ${id} WHERE id = ${review.id}`,
      );
      await appendAudit(tx, {
        tenant_id: review.tenant_id,
        actor,
        action: 'review_pack.generated',
        occurred_at: now,
        context: { review_pack_id: id, tenant_review_id: review.id, sha256 },
      });
      return packView(
        rowsOf<PackRow>(await tx.execute(sql`SELECT * FROM review_packs WHERE id = ${id}`))[0]!,
      );
    });
  }

  async #pack(tx: Executor, actor: Actor, id: string): Promise<PackRow> {
    const [row] = isUuid(id)
      ? rowsOf<PackRow>(
          await tx.execute(sql`SELECT * FROM review_packs WHERE id = ${id} AND ${inScope(actor)}`),
        )
      : [];
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
      const [row] = isUuid(id)
        ? rowsOf<SnapshotRow>(
            await tx.execute(sql`SELECT * FROM evidence_snapshots WHERE id = ${id} AND ${inScope(actor)}`),
          )
        : [];
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
        const [review] = rowsOf<ReviewRow>(
          await tx.execute(sql`
            SELECT r.*, t.name AS tenant_name FROM tenant_reviews r JOIN tenants t ON t.id = r.tenant_id
            WHERE r.tenant_id = ${tenant.id} AND r.status = 'released' ORDER BY r.published_at DESC, r.id LIMIT 1`),
        );
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
