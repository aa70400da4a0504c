import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/clock.ts';
import { addMinutes, LATENCY_BOUNDS_MS } from '../src/ops/request-minutes.ts';
import { recordException } from '../src/plans/approvals/exception-store.ts';
import { isUniqueViolation } from '../src/verification/service.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const HOUR = 3_600_000;
let h: Harness;
type Who = 'agent' | 'alice' | 'bob' | 'auditor' | 'viewer' | 'operator' | 'intruder';
const keys = {} as Record<Who, string>;
const ids = {} as Record<Who, string>;

beforeAll(async () => {
  h = await startHarness({ clock });
  for (const [name, tenant, role] of [
    ['agent', 'demo', 'agent'],
    ['alice', 'demo', 'approver'],
    ['bob', 'demo', 'approver'],
    ['auditor', 'demo', 'auditor'],
    ['viewer', 'demo', 'viewer'],
    ['operator', 'demo', 'operator'],
    ['intruder', 'other', 'admin'],
  ] as const) {
    keys[name] = await keyFor(h, tenant, role, name);
    ids[name] = (
      await h.call<{ actor: { id: string } }>('GET', '/v1/whoami', { key: keys[name] })
    ).body.actor.id;
  }
});
afterAll(async () => h?.close());

const count = async (table: string) =>
  rowsOf<{ n: number }>(
    await h.warrant.db.orm.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)),
  )[0]!.n;
const audited = async (action: string) =>
  rowsOf<{ body: { context: Record<string, unknown> } }>(
    await h.warrant.db.orm.execute(sql`SELECT body FROM audit_events WHERE action = ${action} ORDER BY seq`),
  ).map((row) => row.body.context);

const scale = {
  step_id: 'scale',
  action: 'scale',
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment: 'checkout', replicas: 3 },
};
const undo = {
  step_id: 'undo',
  action: 'roll back',
  tool: 'k8s.rollout_undo',
  input: { namespace: 'shop', deployment: 'checkout' },
};

async function approvedPlan(steps: unknown[], extra: Record<string, unknown> = {}) {
  const plan = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key: keys.agent,
    body: {
      summary: 'change',
      intent: 'a change',
      context: { environment: 'stage', namespace: 'shop' },
      steps,
      ...extra,
    },
  });
  for (const voter of ['alice', 'bob'] as const) {
    if (
      (await h.call<{ status: string }>('GET', `/v1/plans/${plan.body.id}`, { key: keys.agent })).body
        .status !== 'approved'
    )
      await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, {
        key: keys[voter],
        body: { decision: 'approve' },
      });
  }
  return plan.body.id;
}

type Report = {
  flow: string;
  summary: { overall: string };
  checks: { key: string; status: string; reason_code: string }[];
};
type VerificationView = {
  report: Report | null;
  verification: { id: string; outcome: string; status: string } | null;
};

let runId: string;
let sloRunId: string;

describe('verification', () => {
  it('a blocking pre-run failure stops a run start with verification_blocked, and nothing is written', async () => {
    const planId = await approvedPlan([undo]);
    const runs = await count('runs');
    const res = await h.call<{ code: string; checks: { key: string; reason_code: string }[] }>(
      'POST',
      `/v1/plans/${planId}/runs`,
      { key: keys.agent },
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('verification_blocked');
    expect(res.body.checks).toMatchObject([{ key: 'rollback.declared', reason_code: 'rollback_missing' }]);
    expect(await count('runs')).toBe(runs);
  });

  it('verifies a queued run without side effects on view; a blocking failure cancels it; both ends audited', async () => {
    const window = {
      start: new Date(clock.now().getTime() - HOUR).toISOString(),
      end: new Date(clock.now().getTime() + HOUR).toISOString(),
    };
    const planId = await approvedPlan([scale], { change_window: window });
    const started = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: keys.agent });
    expect(started.status).toBe(202);
    runId = started.body.id;
    clock.advance(2 * HOUR);

    const before = await h.call<VerificationView>('GET', `/v1/runs/${runId}/verification`, {
      key: keys.viewer,
    });
    expect(before.body).toMatchObject({ report: null, verification: null });
    expect(await count('verification_runs')).toBe(0);

    const res = await h.call<{ id: string; flow: string }>('POST', `/v1/runs/${runId}/verifications`, {
      key: keys.auditor,
    });
    expect(res.status).toBe(202);
    expect(res.body.flow).toBe('pre_run');
    await h.warrant.verifications.settled();
    const view = (
      await h.call<VerificationView>('GET', `/v1/runs/${runId}/verification`, { key: keys.viewer })
    ).body;
    expect(view.verification).toMatchObject({ id: res.body.id, status: 'completed', outcome: 'failed' });
    expect(view.report?.summary.overall).toBe('blocked');
    expect(view.report?.checks.find((c) => c.key === 'change_window')).toMatchObject({
      status: 'fail',
      reason_code: 'change_window_closed',
    });
    expect(view.report?.checks.find((c) => c.key === 'slo.burn')?.reason_code).toBe('slo_data_unavailable');
    const run = await h.call<{
      status: string;
      error: { code: string };
      context: { verification_report: Report };
    }>('GET', `/v1/runs/${runId}`, { key: keys.agent });
    expect(run.body.status).toBe('cancelled');
    expect(run.body.error.code).toBe('verification_blocked');
    expect(run.body.context.verification_report.flow).toBe('pre_run');
    expect((await audited('verification.started')).map((c) => c.verification_id)).toEqual([res.body.id]);
    expect(await audited('verification.completed')).toMatchObject([
      { verification_id: res.body.id, outcome: 'failed' },
    ]);
  });

  it('allows one active verification per identity: the partial unique index refuses a second', async () => {
    // A second run, cancelled before it ran, so its report is the post-run checklist.
    const planId = await approvedPlan([{ ...scale, step_id: 'again' }]);
    const other = (await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: keys.agent })).body
      .id;
    await h.call('POST', `/v1/runs/${other}/cancel`, { key: keys.agent });
    const [tenant] = rowsOf<{ tenant_id: string }>(
      await h.warrant.db.orm.execute(sql`SELECT tenant_id FROM runs WHERE id = ${other}`),
    );
    const identity = createHash('sha256').update(`verification:${tenant!.tenant_id}:${other}`).digest('hex');
    const insert = (id: string) =>
      h.warrant.db.orm.execute(sql`
        INSERT INTO verification_runs (id, tenant_id, run_id, flow, run_identity_hash, status, outcome, user_id, created_at)
        VALUES (${id}, ${tenant!.tenant_id}, ${other}, 'post_run', ${identity}, 'running', 'pending', ${ids.auditor}, now())`);
    const active = '00000000-0000-4000-8000-0000000000aa';
    await insert(active);
    const error = await insert('00000000-0000-4000-8000-0000000000bb').catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    const res = await h.call<{ code: string; active_verification_id: string }>(
      'POST',
      `/v1/runs/${other}/verifications`,
      {
        key: keys.auditor,
      },
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'verification_active', active_verification_id: active });
    await h.warrant.db.orm.execute(
      sql`UPDATE verification_runs SET status = 'completed' WHERE id = ${active}`,
    );
    expect((await h.call('POST', `/v1/runs/${other}/verifications`, { key: keys.auditor })).status).toBe(202);
    await h.warrant.verifications.settled();
    const after = (
      await h.call<VerificationView>('GET', `/v1/runs/${other}/verification`, { key: keys.viewer })
    ).body;
    expect(after.report?.flow).toBe('post_run');
    expect(after.report?.checks.find((c) => c.key === 'evidence.collected')?.reason_code).toBe(
      'no_steps_executed',
    );
    // Another tenant cannot see, start or read the run's verification.
    expect((await h.call('POST', `/v1/runs/${other}/verifications`, { key: keys.intruder })).status).toBe(
      404,
    );
    expect((await h.call('GET', `/v1/runs/${other}/verification`, { key: keys.intruder })).status).toBe(404);
  });
  it("gates runs on Warrant's error budget: a high error rate blocks a pre-run verification, a healthy one passes", async () => {
    // The ten complete minutes before now (the current one is not measured), added like a second process would.
    const last = Math.floor(clock.now().getTime() / 60_000) * 60_000 - 60_000;
    const { tenant_id: demo } = (
      await h.call<{ actor: { tenant_id: string } }>('GET', '/v1/whoami', { key: keys.agent })
    ).body.actor;
    const minutes = async (errors: number) => {
      const rows = Array.from({ length: 10 }, (_, i) => ({
        minute: new Date(last - i * 60_000),
        requests: 100,
        errors,
        latency_buckets: [100, ...new Array(LATENCY_BOUNDS_MS.length).fill(0)],
      }));
      // The installation's minutes, and the same requests as the tenant's own: its runs are gated on those.
      await addMinutes(h.warrant.db.orm, rows);
      await addMinutes(h.warrant.db.orm, rows, demo);
    };
    const verify = async (id: string) => {
      expect((await h.call('POST', `/v1/runs/${id}/verifications`, { key: keys.auditor })).status).toBe(202);
      await h.warrant.verifications.settled();
      return (await h.call<VerificationView>('GET', `/v1/runs/${id}/verification`, { key: keys.viewer }))
        .body;
    };
    const slo = (view: VerificationView) => view.report?.checks.find((c) => c.key === 'slo.burn');

    await minutes(0);
    sloRunId = (
      await h.call<{ id: string }>(
        'POST',
        `/v1/plans/${await approvedPlan([{ ...scale, step_id: 'slo' }])}/runs`,
        {
          key: keys.agent,
        },
      )
    ).body.id;
    const healthy = await verify(sloRunId);
    expect(healthy.verification?.outcome).toBe('succeeded');
    expect(slo(healthy)).toMatchObject({
      status: 'pass',
      reason_code: 'slo_within_budget',
      next_steps: [{ url: '/v1/slo' }],
    });

    // 5% of requests fail against the 0.1% target: the error budget is spent.
    await minutes(10);
    // The view shows the latest verification by created_at: a second later keeps the two apart.
    clock.advance(1000);
    const burnt = await verify(sloRunId);
    expect(burnt.verification?.outcome).toBe('failed');
    expect(slo(burnt)).toMatchObject({ status: 'fail', blocking: true, reason_code: 'slo_budget_exhausted' });
    expect(
      (await h.call<{ status: string }>('GET', `/v1/runs/${sloRunId}`, { key: keys.agent })).body.status,
    ).toBe('cancelled');
    const refused = await h.call<{ code: string; checks: { key: string }[] }>(
      'POST',
      `/v1/plans/${await approvedPlan([{ ...scale, step_id: 'slo2' }])}/runs`,
      { key: keys.agent },
    );
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'verification_blocked', checks: [{ key: 'slo.burn' }] });
    // Later tests move the clock by hours: left behind, these minutes would read as downtime.
    await h.warrant.db.orm.execute(sql`DELETE FROM request_minutes`);
    await h.warrant.db.orm.execute(sql`DELETE FROM tenant_request_minutes`);
  });

  it('fails a verification abandoned by a dead process when a new one is requested', async () => {
    const [run] = rowsOf<{ tenant_id: string }>(
      await h.warrant.db.orm.execute(sql`SELECT tenant_id FROM runs WHERE id = ${sloRunId}`),
    );
    const identity = createHash('sha256').update(`verification:${run!.tenant_id}:${sloRunId}`).digest('hex');
    const stale = '00000000-0000-4000-8000-0000000000cc';
    await h.warrant.db.orm.execute(sql`
      INSERT INTO verification_runs (id, tenant_id, run_id, flow, run_identity_hash, status, outcome, user_id,
                                     created_at, started_at)
      VALUES (${stale}, ${run!.tenant_id}, ${sloRunId}, 'post_run', ${identity}, 'running', 'pending', ${ids.auditor},
              ${new Date(clock.now().getTime() - 10 * 60_000).toISOString()},
              ${new Date(clock.now().getTime() - 10 * 60_000).toISOString()})`);
    expect((await h.call('POST', `/v1/runs/${sloRunId}/verifications`, { key: keys.auditor })).status).toBe(
      202,
    );
    await h.warrant.verifications.settled();
    const [closed] = rowsOf<{ status: string; outcome: string; failure_summary: { code: string } }>(
      await h.warrant.db.orm.execute(sql`SELECT * FROM verification_runs WHERE id = ${stale}`),
    );
    expect(closed).toMatchObject({
      status: 'completed',
      outcome: 'failed',
      failure_summary: { code: 'abandoned' },
    });
    expect(
      (await audited('verification.completed')).filter((c) => c.reason_code === 'abandoned'),
    ).toMatchObject([{ verification_id: stale }]);
  });
});

type Decision = {
  id: string;
  status: string;
  current_validity_state: string;
  validity_reasons: string[];
  code?: string;
};
const expires = () => new Date(clock.now().getTime() + 90 * 24 * HOUR).toISOString();
const decide = (key: string, body: Record<string, unknown>) =>
  h.call<Decision>('POST', '/v1/governance/decisions', { key, body });
const vote = (id: string, key: string, decision = 'approve') =>
  h.call<Decision>('POST', `/v1/governance/decisions/${id}/approvals`, { key, body: { decision } });

describe('governance decisions', () => {
  it('accepts a failed check through the approval engine: no self-approval, quorum two for high severity', async () => {
    const created = await decide(keys.alice, {
      kind: 'accepted_risk',
      title: 'Late change outside the window',
      severity: 'high',
      source: { kind: 'failed_check', run_id: runId, check_key: 'change_window' },
      owner_user_id: ids.auditor,
      request_reason: 'The window was missed by minutes; the change was harmless.',
      expires_at: expires(),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', current_validity_state: 'missing_basis' });
    expect((await vote(created.body.id, keys.alice)).body.code).toBe('self_approval');
    expect((await vote(created.body.id, keys.bob)).body.status).toBe('pending');
    expect((await vote(created.body.id, keys.bob)).status).toBe(409);
    const approved = await vote(created.body.id, h.adminKey);
    expect(approved.body).toMatchObject({ status: 'approved', current_validity_state: 'valid' });
    expect((await audited('governance_decision.approved')).map((c) => c.decision_id)).toContain(
      created.body.id,
    );
  });

  it('takes exception events and findings; gaps show as missing_basis; deny and revoke', async () => {
    const [tenant] = rowsOf<{ id: string }>(
      await h.warrant.db.orm.execute(sql`SELECT id FROM tenants WHERE name = 'demo'`),
    );
    const [other] = rowsOf<{ id: string }>(
      await h.warrant.db.orm.execute(sql`SELECT id FROM tenants WHERE name = 'other'`),
    );
    const raise = (tenantId: string, actor: string) =>
      h.warrant.db.orm.transaction((tx) =>
        recordException(tx, {
          tenant_id: tenantId,
          type: 'unapproved_attempt',
          actor: { id: actor, type: 'agent', roles: ['agent'], tenant_id: tenantId },
          at: clock.now(),
          reason: 'not_approved',
        }),
      );
    const mine = await raise(tenant!.id, ids.agent!);
    const theirs = await raise(other!.id, ids.intruder!);
    const body = {
      kind: 'exception',
      title: 'Tolerated attempt',
      severity: 'medium',
      request_reason: 'known bot',
      expires_at: expires(),
    };
    expect(
      (await decide(keys.alice, { ...body, source: { kind: 'exception_event', exception_id: theirs } }))
        .status,
    ).toBe(404);
    const exception = await decide(keys.alice, {
      ...body,
      source: { kind: 'exception_event', exception_id: mine },
    });
    expect(exception.status).toBe(201);
    expect((await vote(exception.body.id, keys.bob)).body).toMatchObject({
      status: 'approved',
      current_validity_state: 'missing_basis',
      validity_reasons: ['owner_missing'],
    });
    const revoked = await h.call<Decision>('POST', `/v1/governance/decisions/${exception.body.id}/revoke`, {
      key: keys.bob,
      body: { reason: 'the bot was fixed' },
    });
    expect(revoked.body.current_validity_state).toBe('revoked');

    const finding = await decide(keys.operator, {
      ...body,
      kind: 'accepted_risk',
      source: { kind: 'finding', ref: 'pentest-2026-07' },
    });
    expect((await vote(finding.body.id, keys.alice, 'deny')).body.status).toBe('denied');

    const before = await count('governance_decisions');
    const bad = await decide(keys.alice, {
      ...body,
      source: { kind: 'finding', ref: 'x' },
      expires_at: '2020-01-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await decide(keys.viewer, { ...body, source: { kind: 'finding', ref: 'x' } })).status).toBe(403);
    expect(await count('governance_decisions')).toBe(before);

    expect(
      (await h.call('GET', `/v1/governance/decisions/${finding.body.id}`, { key: keys.intruder })).status,
    ).toBe(404);
    const listed = await h.call<{ items: unknown[] }>('GET', '/v1/governance/decisions', {
      key: keys.intruder,
    });
    expect(listed.body.items).toEqual([]);
  });
});

/** Reads a stored (method 0) ZIP into path → bytes. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let at = 0; buffer.readUInt32LE(at) === 0x04034b50; ) {
    const size = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + buffer.readUInt16LE(at + 28);
    files.set(
      buffer.subarray(at + 30, at + 30 + nameLength).toString(),
      buffer.subarray(start, start + size),
    );
    at = start + size;
  }
  return files;
}

type Review = {
  id: string;
  status: string;
  evidence_snapshot_id: string;
  sections: { section_key: string; completeness_state: string; measured_at: string }[];
  package: {
    package_availability: { state: string; reason_code: string | null };
    accepted_risks: { decision_id: string }[];
    governance_decisions: { decision_state: string }[];
    supporting_artifact_links: { artifact_family: string; state: string; reason_code: string | null }[];
  };
};

describe('tenant reviews and review packs', () => {
  let review: Review;
  let packId: string;
  const dir = mkdtempSync(join(tmpdir(), 'warrant-pack-'));

  it('composes a draft from platform truth, releases it, and exports a released review only', async () => {
    const created = await h.call<Review>('POST', '/v1/governance/reviews', { key: keys.auditor, body: {} });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    review = created.body;
    expect(review.status).toBe('draft');
    expect(review.sections.map((s) => s.section_key)).toEqual([
      'executive_summary',
      'control_interpretation',
      'open_risks',
      'accepted_risks',
      'permission_posture',
      'baseline_drift_posture',
      'operations_health',
    ]);
    expect(review.package.package_availability).toEqual({
      state: 'unavailable',
      reason_code: 'source_not_publishable',
    });
    expect(review.package.accepted_risks).toHaveLength(1);
    expect(review.package.governance_decisions.map((d) => d.decision_state).sort()).toEqual(['revoked']);
    expect(
      (
        await h.call<{ code: string }>('POST', `/v1/governance/reviews/${review.id}/packs`, {
          key: keys.auditor,
        })
      ).body.code,
    ).toBe('review_not_released');
    expect(
      (await h.call('POST', `/v1/governance/reviews/${review.id}/release`, { key: keys.viewer })).status,
    ).toBe(403);
    const released = await h.call<Review>('POST', `/v1/governance/reviews/${review.id}/release`, {
      key: keys.auditor,
    });
    expect(released.body.status).toBe('released');
    expect(released.body.package.package_availability).toEqual({
      state: 'unavailable',
      reason_code: 'current_review_pack_missing',
    });
    const pack = await h.call<{ id: string }>('POST', `/v1/governance/reviews/${review.id}/packs`, {
      key: keys.auditor,
    });
    expect(pack.status, JSON.stringify(pack.body)).toBe(201);
    packId = pack.body.id;
    const opened = await h.call<Review>('GET', `/v1/governance/reviews/${review.id}`, { key: keys.viewer });
    // The accepted_risks section is partial: one decision has no owner.
    expect(opened.body.package.package_availability).toEqual({
      state: 'partial',
      reason_code: 'evidence_basis_partial',
    });
    expect(
      opened.body.package.supporting_artifact_links.find((l) => l.artifact_family === 'evidence_snapshot'),
    ).toMatchObject({
      state: 'forbidden',
      reason_code: 'supporting_access_limited',
    });
    expect((await audited('tenant_review.opened')).map((c) => c.tenant_review_id)).toEqual([review.id]);
  });

  it('downloads through a signed, expiring link; the stakeholder script verifies the manifest', async () => {
    const link = await h.call<{ url: string; expires_at: string }>(
      'GET',
      `/v1/governance/packs/${packId}/link`,
      { key: keys.viewer },
    );
    expect(link.status).toBe(200);
    const download = await fetch(`${h.url}${link.body.url}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/zip');
    const zipPath = join(dir, 'pack.zip');
    const bytes = Buffer.from(await download.arrayBuffer());
    writeFileSync(zipPath, bytes);
    expect((await audited('review_pack.downloaded')).map((c) => c.review_pack_id)).toEqual([packId]);

    const script = new URL('../scripts/verify-review-pack.mjs', import.meta.url).pathname;
    const ok = spawnSync(process.execPath, [script, zipPath, '--key', h.warrant.audit.verifierKey], {
      encoding: 'utf8',
    });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/checkpoint signature: ok\nverified/);
    expect(ok.stdout).toContain('warrant.dev/audit/');
    const files = unzip(bytes);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining([
        'review.pdf',
        'review.html',
        'evidence-snapshot.json',
        'manifest.json',
        'sections/open_risks.json',
      ]),
    );
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('<h1>') + 1;
    tampered[at] = tampered[at]! ^ 1;
    writeFileSync(join(dir, 'tampered.zip'), tampered);
    expect(
      spawnSync(process.execPath, [script, join(dir, 'tampered.zip')], { encoding: 'utf8' }).status,
    ).toBe(1);

    const pdf = join(dir, 'review.pdf');
    writeFileSync(pdf, files.get('review.pdf')!);
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const title of [
      'Executive summary',
      'Control interpretation',
      'Open risks',
      'Accepted risks',
      'Permission posture',
      'Baseline drift posture',
      'Operations health',
      'Audit checkpoint',
    ])
      expect(text).toContain(title);
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(dir, 'page')]);
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pages.length).toBeGreaterThan(0);
    // A blank A4 page at 50 dpi compresses to well under 1 kB; text makes it larger.
    for (const page of pages) expect(statSync(join(dir, page)).size).toBeGreaterThan(2000);

    const url = new URL(link.body.url, h.url);
    url.searchParams.set('sig', `${url.searchParams.get('sig')!.slice(0, -2)}AA`);
    expect((await fetch(url)).status).toBe(403);
    url.searchParams.set('actor', ids.intruder!);
    expect((await fetch(url)).status).toBe(403);
    clock.advance(2 * HOUR);
    expect((await fetch(`${h.url}${link.body.url}`)).status).toBe(410);
  });

  it('gates the package path and raw evidence by capability inside the tenant', async () => {
    const asOperator = await h.call<Review>('GET', `/v1/governance/reviews/${review.id}`, {
      key: keys.operator,
    });
    expect(asOperator.body.package.package_availability).toEqual({
      state: 'blocked',
      reason_code: 'entitlement_restricted',
    });
    expect(
      (await h.call<{ code: string }>('GET', `/v1/governance/packs/${packId}/link`, { key: keys.operator }))
        .body.code,
    ).toBe('entitlement_restricted');
    expect(
      (await h.call('GET', `/v1/governance/snapshots/${review.evidence_snapshot_id}`, { key: keys.viewer }))
        .status,
    ).toBe(403);
    const snapshot = await h.call<{ items: { kind: string; sha256: string }[] }>(
      'GET',
      `/v1/governance/snapshots/${review.evidence_snapshot_id}`,
      { key: keys.auditor },
    );
    expect(snapshot.body.items.map((i) => i.kind)).toContain('audit_checkpoint');
    expect(snapshot.body.items.every((i) => /^[0-9a-f]{64}$/.test(i.sha256))).toBe(true);
    expect(await audited('evidence_snapshot.opened')).toHaveLength(1);
  });

  it('keeps another tenant out: not found, never counted', async () => {
    for (const path of [
      `/v1/governance/reviews/${review.id}`,
      `/v1/governance/reviews/${review.id}/package`,
      `/v1/governance/packs/${packId}`,
      `/v1/governance/packs/${packId}/link`,
      `/v1/governance/snapshots/${review.evidence_snapshot_id}`,
    ]) {
      expect((await h.call('GET', path, { key: keys.intruder })).status, path).toBe(404);
    }
    expect(
      (await h.call('POST', `/v1/governance/reviews/${review.id}/packs`, { key: keys.intruder })).status,
    ).toBe(404);
    expect(
      (await h.call('POST', '/v1/governance/reviews', { key: keys.intruder, body: { tenant: 'demo' } }))
        .status,
    ).toBe(404);
    expect(
      (await h.call<{ items: unknown[] }>('GET', '/v1/governance/reviews', { key: keys.intruder })).body
        .items,
    ).toEqual([]);
    const theirs = await h.call<Review>('POST', '/v1/governance/reviews', { key: keys.intruder, body: {} });
    await h.call('POST', `/v1/governance/reviews/${theirs.body.id}/release`, { key: keys.intruder });

    type Workspace = {
      tenants: { tenant_name: string }[];
      counts: { tenants_with_released_reviews: number };
    };
    const mine = await h.call<Workspace>('GET', '/v1/governance/workspace', { key: keys.intruder });
    expect(mine.body.tenants.map((t) => t.tenant_name)).toEqual(['other']);
    expect(mine.body.counts.tenants_with_released_reviews).toBe(1);
    const demo = await h.call<Workspace>('GET', '/v1/governance/workspace', { key: keys.viewer });
    expect(demo.body.tenants.map((t) => t.tenant_name)).toEqual(['demo']);
    const root = await h.call<Workspace>('GET', '/v1/governance/workspace');
    expect(root.body.tenants.map((t) => t.tenant_name)).toEqual(['demo', 'other']);
    expect(root.body.counts.tenants_with_released_reviews).toBe(2);
  });
});
