// Review packs whose claims verify (issue 17): each counted statement of a pack lists the audit events behind it
// with inclusion proofs against the pack's signed checkpoint, and scripts/verify-review-pack.mjs checks them with
// plain Node. A pack produced by a running server verifies; an edited count, a dropped event, an altered proof or
// a relabelled event fails naming the claim, even when the (unsigned) manifest is rewritten to match.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSignerKey } from '../src/audit/checkpoint.ts';
import { ManualClock } from '../src/core/clock.ts';
import { recordException } from '../src/plans/approvals/exception-store.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

const clock = new ManualClock('2026-03-01T10:00:00.000Z');
const script = new URL('../scripts/verify-review-pack.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'warrant-claims-'));
let h: Harness;
const keys = {} as Record<'agent' | 'alice' | 'bob' | 'auditor', string>;

type ProvenEvent = {
  event_id: string;
  leaf_index: number;
  event: string;
  leaf_hash: string;
  inclusion: string[];
};
type PackClaim = { key: string; section: string; action: string; count: number; events: ProvenEvent[] };
type Files = Record<string, Uint8Array>;

beforeAll(async () => {
  h = await startHarness({ clock });
  for (const [name, role] of [
    ['agent', 'agent'],
    ['alice', 'approver'],
    ['bob', 'approver'],
    ['auditor', 'auditor'],
  ] as const)
    keys[name] = await keyFor(h, 'demo', role, name);
});
afterAll(async () => h?.close());

async function approvedPlan(stepId: string) {
  const plan = await h.call<{ id: string }>('POST', '/v1/plans', {
    key: keys.agent,
    body: {
      summary: 'scale checkout',
      intent: 'more replicas',
      context: { environment: 'stage', namespace: 'shop' },
      steps: [
        {
          step_id: stepId,
          action: 'scale',
          tool: 'k8s.scale',
          input: { namespace: 'shop', deployment: 'checkout', replicas: 3 },
        },
      ],
    },
  });
  expect(plan.status, JSON.stringify(plan.body)).toBe(201);
  for (const voter of ['alice', 'bob'] as const) {
    const now = await h.call<{ status: string }>('GET', `/v1/plans/${plan.body.id}`, { key: keys.agent });
    if (now.body.status !== 'approved')
      await h.call('POST', `/v1/plans/${plan.body.id}/approvals`, {
        key: keys[voter],
        body: { decision: 'approve' },
      });
  }
  return plan.body.id;
}

const verifyPack = (path: string, ...args: string[]) =>
  spawnSync(process.execPath, [script, path, ...args], { encoding: 'utf8' });

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/**
 * Writes the pack with `edit` applied to its files and the manifest's hashes and sizes rewritten to match, as a
 * forger would: only what the signed checkpoint vouches for can catch the edit.
 */
function forge(files: Files, name: string, edit: (files: Files) => void): string {
  const copy: Files = { ...files };
  edit(copy);
  const manifest = JSON.parse(text(copy['manifest.json']!));
  for (const entry of manifest.files) {
    const bytes = copy[entry.path]!;
    entry.sha256 = createHash('sha256').update(bytes).digest('hex');
    entry.size = bytes.length;
  }
  copy['manifest.json'] = json(manifest);
  const path = join(dir, `${name}.zip`);
  writeFileSync(
    path,
    zipSync(Object.fromEntries(Object.entries(copy).map(([k, v]) => [k, [v, { level: 0 }]]))),
  );
  return path;
}

/** Edits one claim in claims.json and, when `alsoSection`, the same claim as its section states it. */
function editClaim(
  key: string,
  change: (claim: PackClaim & { event_ids?: string[] }) => void,
  alsoSection = true,
) {
  return (files: Files) => {
    const doc = JSON.parse(text(files['claims.json']!));
    const claim = doc.claims.find((c: PackClaim) => c.key === key);
    change(claim);
    files['claims.json'] = json(doc);
    if (!alsoSection) return;
    const sectionPath = `sections/${claim.section}.json`;
    const section = JSON.parse(text(files[sectionPath]!));
    const stated = section.summary_payload.claims.find((c: { key: string }) => c.key === key);
    stated.count = claim.count;
    stated.event_ids = claim.events.map((e: ProvenEvent) => e.event_id);
    files[sectionPath] = json(section);
  };
}

/** Composes, releases and exports a review of the demo tenant; returns the downloaded pack's path and files. */
async function exportPack(name: string) {
  const review = await h.call<{ id: string }>('POST', '/v1/governance/reviews', {
    key: keys.auditor,
    body: {},
  });
  expect(review.status, JSON.stringify(review.body)).toBe(201);
  await h.call('POST', `/v1/governance/reviews/${review.body.id}/release`, { key: keys.auditor });
  const pack = await h.call<{ id: string }>('POST', `/v1/governance/reviews/${review.body.id}/packs`, {
    key: keys.auditor,
  });
  expect(pack.status, JSON.stringify(pack.body)).toBe(201);
  const link = await h.call<{ url: string }>('GET', `/v1/governance/packs/${pack.body.id}/link`, {
    key: keys.auditor,
  });
  const bytes = new Uint8Array(await (await fetch(`${h.url}${link.body.url}`)).arrayBuffer());
  const path = join(dir, `${name}.zip`);
  writeFileSync(path, bytes);
  return { path, files: unzipSync(bytes) };
}

describe('review pack claims', () => {
  let files: Files;
  let packPath: string;
  let claims: PackClaim[];

  it('lists the audit events behind each count with inclusion proofs against the pack checkpoint', async () => {
    const planIds = [await approvedPlan('a'), await approvedPlan('b'), await approvedPlan('c')];
    // Two runs cancelled before they ran: run counts by status are claims of the executive summary.
    for (const planId of planIds.slice(0, 2)) {
      const run = await h.call<{ id: string }>('POST', `/v1/plans/${planId}/runs`, { key: keys.agent });
      expect(run.status, JSON.stringify(run.body)).toBe(202);
      expect((await h.call('POST', `/v1/runs/${run.body.id}/cancel`, { key: keys.agent })).status).toBe(202);
    }
    const whoami = await h.call<{ actor: { id: string; tenant_id: string } }>('GET', '/v1/whoami', {
      key: keys.agent,
    });
    const { id: agentId, tenant_id: tenantId } = whoami.body.actor;
    const exceptionId = await h.warrant.db.orm.transaction((tx) =>
      recordException(tx, {
        tenant_id: tenantId,
        type: 'break_glass',
        actor: { id: agentId, type: 'agent', roles: ['agent'], tenant_id: tenantId },
        at: clock.now(),
        reason: 'outage',
      }),
    );
    const decision = await h.call('POST', '/v1/governance/decisions', {
      key: keys.alice,
      body: {
        kind: 'exception',
        title: 'Break glass during the outage',
        severity: 'medium',
        request_reason: 'outage',
        expires_at: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
        source: { kind: 'exception_event', exception_id: exceptionId },
      },
    });
    expect(decision.status, JSON.stringify(decision.body)).toBe(201);

    ({ path: packPath, files } = await exportPack('pack'));
    // The claim states the section's own count.
    const summary = JSON.parse(text(files['sections/executive_summary.json']!)).summary_payload as {
      runs: Record<string, number>;
      claims: { key: string; count: number }[];
    };
    expect(summary.claims.find((c) => c.key === 'runs.cancelled')?.count).toBe(summary.runs.cancelled);

    const manifest = JSON.parse(text(files['manifest.json']!));
    expect(manifest.claims).toMatchObject({ path: 'claims.json', format: 'warrant.review-claims.v1' });
    const doc = JSON.parse(text(files['claims.json']!));
    expect(doc.tree_size).toBe(manifest.checkpoint.size);
    claims = doc.claims;
    const byKey = Object.fromEntries(claims.map((c) => [c.key, c]));
    expect(byKey['runs.cancelled']).toMatchObject({ action: 'run.cancelled', count: 2 });
    expect(byKey['plans.approved']).toMatchObject({ action: 'plan.approved', count: 3 });
    expect(byKey['exceptions.open.break_glass']).toMatchObject({ action: 'exception.break_glass', count: 1 });
    expect(byKey['decisions.pending']).toMatchObject({ action: 'governance_decision.requested', count: 1 });
    for (const claim of claims) {
      expect(claim.events).toHaveLength(claim.count);
      for (const event of claim.events) {
        expect(JSON.parse(event.event)).toMatchObject({ event_id: event.event_id, action: claim.action });
        expect(event.leaf_index).toBeLessThan(manifest.checkpoint.size);
        expect(event.inclusion.every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
      }
    }
    // The reading copies say where the proofs are.
    const pdfPath = join(dir, 'review.pdf');
    writeFileSync(pdfPath, files['review.pdf']!);
    for (const reading of [
      text(files['review.html']!),
      execFileSync('pdftotext', [pdfPath, '-'], { encoding: 'utf8' }),
    ]) {
      expect(reading).toContain('Verifiable claims');
      expect(reading).toContain('claims.json');
      expect(reading).toContain('2 run(s) cancelled');
    }
  });

  it('verifies with --key as the key text or a file holding it', () => {
    const key = h.warrant.audit.verifierKey;
    const byText = verifyPack(packPath, '--key', key);
    expect(byText.stderr).toBe('');
    expect(byText.status, byText.stdout).toBe(0);
    expect(byText.stdout).toContain('claim ok     runs.cancelled: 2 run(s) cancelled');
    expect(byText.stdout).toMatch(/checkpoint signature: ok\nverified/);
    const keyFile = join(dir, 'verifier.key');
    writeFileSync(keyFile, `${key}\n`);
    expect(verifyPack(packPath, '--key', keyFile).status).toBe(0);
  });

  it('fails a claim whose count was edited, naming it', () => {
    const path = forge(
      files,
      'count',
      editClaim('plans.approved', (c) => {
        c.count += 1;
      }),
    );
    const result = verifyPack(path, '--key', h.warrant.audit.verifierKey);
    expect(result.status, result.stdout).toBe(1);
    expect(result.stdout).toContain('CLAIM FAILED plans.approved');
    expect(result.stdout).toContain('states 4, but 3 distinct plan.approved event(s) are proven');
    // Only that claim fails; the files themselves match the rewritten manifest.
    expect(result.stdout.match(/CLAIM FAILED/g)).toHaveLength(1);
    expect(result.stdout).not.toContain('MISMATCH');
  });

  it('fails a claim whose event was dropped, or whose count disagrees with its section', () => {
    const dropped = forge(
      files,
      'dropped',
      editClaim('runs.cancelled', (c) => {
        c.events.pop();
      }),
    );
    const result = verifyPack(dropped, '--key', h.warrant.audit.verifierKey);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('CLAIM FAILED runs.cancelled');
    expect(result.stdout).toContain('states 2, but 1 distinct run.cancelled event(s) are proven');

    // The same event cited twice counts once.
    const doubled = forge(
      files,
      'doubled',
      editClaim('runs.cancelled', (c) => {
        c.events[1] = c.events[0]!;
      }),
    );
    expect(verifyPack(doubled, '--key', h.warrant.audit.verifierKey).stdout).toContain(
      'CLAIM FAILED runs.cancelled',
    );

    const sectionOnly = forge(
      files,
      'section',
      editClaim(
        'runs.cancelled',
        (c) => {
          c.count -= 1;
          c.events.pop();
        },
        false,
      ),
    );
    const differs = verifyPack(sectionOnly, '--key', h.warrant.audit.verifierKey);
    expect(differs.status).toBe(1);
    expect(differs.stdout).toContain('differs from the claim sections/executive_summary.json states');
  });

  it('fails a claim whose proof was altered or whose event was relabelled', () => {
    const altered = forge(
      files,
      'proof',
      editClaim('exceptions.open.break_glass', (c) => {
        const proof = c.events[0]!.inclusion;
        proof[0] = `${proof[0]![0] === '0' ? '1' : '0'}${proof[0]!.slice(1)}`;
      }),
    );
    const result = verifyPack(altered, '--key', h.warrant.audit.verifierKey);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('CLAIM FAILED exceptions.open.break_glass');
    expect(result.stdout).toContain("inclusion proof does not lead to the checkpoint's root");

    const moved = forge(
      files,
      'index',
      editClaim('decisions.pending', (c) => {
        c.events[0]!.leaf_index += 1;
      }),
    );
    expect(verifyPack(moved, '--key', h.warrant.audit.verifierKey).stdout).toContain(
      'CLAIM FAILED decisions.pending',
    );

    // Cancelled runs passed off as succeeded ones: the edited text is not the leaf the proof leads from.
    const relabelled = forge(
      files,
      'relabel',
      editClaim('runs.cancelled', (c) => {
        for (const event of c.events) {
          event.event = event.event.replace('"run.cancelled"', '"run.succeeded"');
          // The forger rehashes the leaf too; only the proof to the signed root is left to catch it.
          event.leaf_hash = createHash('sha256').update(`\0${event.event}`).digest('hex');
        }
        c.action = 'run.succeeded';
      }),
    );
    const relabel = verifyPack(relabelled, '--key', h.warrant.audit.verifierKey);
    expect(relabel.status).toBe(1);
    expect(relabel.stdout).toContain("inclusion proof does not lead to the checkpoint's root");
  });

  it('fails with another key (1) and refuses an unusable key or pack (2)', () => {
    const other = generateSignerKey('warrant.test/audit').verifierKey;
    const wrong = verifyPack(packPath, '--key', other);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain('checkpoint signature: MISMATCH');
    expect(verifyPack(packPath, '--key', 'not a key').status).toBe(2);
    expect(verifyPack(join(dir, 'missing.zip'), '--key', h.warrant.audit.verifierKey).status).toBe(2);
  });

  it('cannot state a count the log does not back: a run set to succeeded in the database fails its claim', async () => {
    // An insider marks a cancelled run succeeded; no run.succeeded event exists for it.
    const [run] = rowsOf<{ id: string }>(
      await h.warrant.db.orm.execute(
        sql`UPDATE runs SET status = 'succeeded' WHERE id = (SELECT id FROM runs WHERE status = 'cancelled' LIMIT 1) RETURNING id`,
      ),
    );
    expect(run).toBeDefined();
    const forged = await exportPack('insider');
    const claim = JSON.parse(text(forged.files['claims.json']!)).claims.find(
      (c: PackClaim) => c.key === 'runs.succeeded',
    );
    expect(claim).toMatchObject({ count: 1, events: [] });
    const result = verifyPack(forged.path, '--key', h.warrant.audit.verifierKey);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('CLAIM FAILED runs.succeeded');
    expect(result.stdout).toContain('states 1, but 0 distinct run.succeeded event(s) are proven');
    expect(result.stdout).toContain('claim ok     runs.cancelled: 1 run(s) cancelled');
  });
});
