// WorkLog's KPIs, audit report, review runs asked for by hand, provisioning events and asset-card decisions,
// through the API against the fake GitHub (GitHub's REST wire format) and the offline model.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { sign } from '@octokit/webhooks-methods';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { GitHubConnector } from '../src/connectors/github.ts';
import { buildConsole, consoleNeedsBuild } from '../src/http/console-build.ts';
import { warrant } from './cli-spawn.ts';
import { type FakeGitHubState, type FakePull, startFakeGitHub } from './fakes/github.ts';
import type { FakeServer } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const SHOTS = 'test-results/console';
let h: Harness;
let gh: FakeServer<FakeGitHubState>;
let dev: string;
let alice: string;
let bob: string;
let viewer: string;
let intruder: string;
let secret: string;

beforeAll(async () => {
  process.env.WARRANT_GITHUB_WEBHOOK_SECRET = 'whsec-worklog-audit';
  gh = await startFakeGitHub({ login: 'warrant-bot' });
  h = await startHarness({ connectors: new ConnectorRegistry([new GitHubConnector({ apiUrl: gh.url })]) });
  dev = await keyFor(h, 'demo', 'operator', 'dana');
  alice = await keyFor(h, 'demo', 'approver', 'alice');
  bob = await keyFor(h, 'demo', 'approver', 'bob');
  viewer = await keyFor(h, 'demo', 'viewer', 'vera');
  intruder = await keyFor(h, 'other', 'operator', 'intruder');
  secret = (await h.call<{ secret: string }>('GET', '/v1/worklog/webhook')).body.secret;
  expect(
    (await h.call('POST', '/v1/worklog/repositories', { key: dev, body: { full_name: 'acme/shop' } })).status,
  ).toBe(201);
  expect(
    (await h.call('POST', '/v1/worklog/repositories', { key: intruder, body: { full_name: 'acme/else' } }))
      .status,
  ).toBe(201);
});
afterAll(async () => {
  await h?.close();
  await gh?.close();
});

function pull(number: number, filename: string, extra: Partial<FakePull> = {}): FakePull {
  const sha = createHash('sha1').update(`head-${number}-${randomUUID()}`).digest('hex');
  const value: FakePull = {
    number,
    title: `Change #${number}`,
    state: 'open',
    merged: false,
    merged_at: null,
    head: { ref: `feat-${number}`, sha },
    base: { ref: 'main', sha: 'b'.repeat(40) },
    body: 'Adds a cache.',
    files: [{ filename, additions: 10, deletions: 0 }],
    diff: `diff --git a/${filename} b/${filename}\n+x\n`,
    ...extra,
  };
  gh.state.pulls.set(`acme/shop#${number}`, value);
  return value;
}

async function deliver(p: FakePull, action: string) {
  const raw = JSON.stringify({
    action,
    repository: { full_name: 'acme/shop' },
    pull_request: {
      number: p.number,
      html_url: `https://github.example/acme/shop/pull/${p.number}`,
      title: p.title,
      body: p.body,
      user: { login: 'dana' },
      head: p.head,
      base: p.base,
      merged: p.merged,
      merged_at: p.merged_at,
      additions: 10,
      deletions: 0,
      changed_files: 1,
    },
  });
  const res = await h.call<{ status: string; pr_event_id?: string }>('POST', '/v1/webhooks/github', {
    key: '',
    raw,
    headers: {
      'x-github-event': 'pull_request',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': await sign(secret, raw),
    },
  });
  expect(res.status).toBe(202);
  await h.warrant.worklog.idle();
  return res.body;
}

interface Kpi {
  link_rate: { numerator: number; denominator: number; rate: number | null };
  approval_rate: { numerator: number; denominator: number; rate: number | null };
  audit_success_rate: { numerator: number; denominator: number; rate: number | null };
  counts: Record<string, number>;
  deficits: Record<string, number>;
}
type RunBody = { runId: string; intentId: string; status: string; approvalId: string | null; code?: string };

const kpi = (key = dev, query = '') =>
  h.call<Kpi & { code?: string }>('GET', `/v1/worklog/kpi${query}`, { key });

describe('review runs asked for by hand', () => {
  it('go the governed path: Low at once, Med after an approval nobody who asked may give', async () => {
    const low = pull(11, 'src/list.ts');
    const started = await h.call<RunBody>('POST', '/v1/worklog/reviews', {
      key: dev,
      body: { repository: 'acme/shop', pr_number: 11 },
    });
    expect(started).toMatchObject({ status: 201, body: { status: 'queued', approvalId: null } });
    await h.warrant.worklog.idle();
    const done = await h.call<RunBody & { diffHash: string }>(
      'GET',
      `/v1/worklog/runs/${started.body.runId}`,
      {
        key: dev,
      },
    );
    expect(done.body).toMatchObject({ status: 'succeeded', diffHash: expect.any(String) });
    expect(gh.state.reviews.filter((r) => r.pull === 'acme/shop#11')).toHaveLength(1);
    // The same head again is refused; its run is named.
    const again = await h.call<{ code: string; run_id: string }>('POST', '/v1/worklog/reviews', {
      key: dev,
      body: { repository: 'acme/shop', pr_number: 11 },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'run_exists', run_id: started.body.runId } });
    expect(low.head.sha).toBeDefined();

    pull(12, 'db/migrations/0001_orders.sql');
    const waiting = await h.call<RunBody>('POST', '/v1/worklog/reviews', {
      key: dev,
      body: { repository: 'acme/shop', pr_number: 12 },
    });
    expect(waiting.body.status).toBe('waiting_approval');
    const vote = (key: string) =>
      h.call<{ code?: string }>('POST', `/v1/worklog/intents/${waiting.body.intentId}/approvals`, {
        key,
        body: { decision: 'approve' },
      });
    expect((await vote(dev)).body.code).toBe('self_approval');
    expect((await vote(alice)).status).toBe(201);
    await h.warrant.worklog.idle();
    const approved = await h.call<RunBody>('GET', `/v1/worklog/runs/${waiting.body.runId}`, { key: dev });
    expect(approved.body).toMatchObject({ status: 'succeeded', approvalId: expect.any(String) });
  });

  it("is refused for a viewer, and for another tenant's or an unconnected repository", async () => {
    pull(13, 'src/a.ts');
    const as = (key: string, repository = 'acme/shop') =>
      h.call<{ code?: string }>('POST', '/v1/worklog/reviews', { key, body: { repository, pr_number: 13 } });
    expect((await as(viewer)).status).toBe(403);
    expect((await as(intruder)).status).toBe(404);
    expect((await as(dev, 'acme/else')).status).toBe(404);
    expect((await as(dev, 'not a repo')).status).toBe(400);
  });
});

describe('asset cards', () => {
  const cardOf = async (number: number) => {
    const list = await h.call<{ items: { id: string; status: string; pr: { number: number } }[] }>(
      'GET',
      '/v1/worklog/assets',
      { key: dev },
    );
    return list.body.items.find((c) => c.pr.number === number)!;
  };
  const decide = (id: string, body: unknown, key = dev) =>
    h.call<{ status: string; code?: string; title?: string }>('POST', `/v1/worklog/assets/${id}/decisions`, {
      key,
      body,
    });
  const merge = async (number: number) => {
    const p = pull(number, 'src/c.ts', { state: 'closed', merged: true, merged_at: '2026-03-01T09:00:00Z' });
    await deliver(p, 'closed');
    return cardOf(number);
  };

  it('takes each decision: approve, edit, reject (final)', async () => {
    const approved = await merge(21);
    expect(approved.status).toBe('pending');
    expect((await decide(approved.id, { decision: 'approve' })).body.status).toBe('approved');

    const edited = await merge(22);
    const after = await decide(edited.id, { decision: 'edit', changes: { title: 'Faster lists' } });
    expect(after.body).toMatchObject({ status: 'approved', title: 'Faster lists' });

    const rejected = await merge(23);
    expect((await decide(rejected.id, { decision: 'reject', comment: 'not mine' })).body.status).toBe(
      'rejected',
    );
    expect((await decide(rejected.id, { decision: 'approve' })).body.code).toBe('card_final');
    expect((await decide(approved.id, { decision: 'approve' }, alice)).status).toBe(404);

    const detail = await h.call<{ decisions: { decision: string; changes: unknown }[] }>(
      'GET',
      `/v1/worklog/assets/${edited.id}`,
      { key: dev },
    );
    expect(detail.body.decisions).toEqual([
      expect.objectContaining({
        decision: 'edit',
        changes: expect.objectContaining({ after: expect.anything() }),
      }),
    ]);
    const events = await h.call<{ items: { event: { action: string; context: { card_id?: string } } }[] }>(
      'GET',
      '/v1/audit/events?limit=500',
      { key: h.adminKey },
    );
    const actions = (id: string) =>
      events.body.items.filter((e) => e.event.context?.card_id === id).map((e) => e.event.action);
    expect(actions(approved.id)).toContain('worklog.asset_card.approved');
    expect(actions(edited.id)).toContain('worklog.asset_card.edited');
    expect(actions(rejected.id)).toContain('worklog.asset_card.rejected');
  });

  it('flags a card whose generated text held a secret: stored redacted, to be edited or rejected', async () => {
    const { deps } = h.warrant.worklog;
    const offline = deps.provider;
    deps.provider = () => ({
      name: 'test',
      model: 'test',
      complete: async () =>
        JSON.stringify({
          title: 'Rotated the deploy key',
          summary: 'Set password=hunter2hunter2 in CI.',
          impact: 'Deploys work again.',
          skills: ['CI'],
        }),
    });
    try {
      const card = await merge(24);
      expect(card.status).toBe('flagged');
      const full = await h.call<{ summary: string }>('GET', `/v1/worklog/assets/${card.id}`, { key: dev });
      expect(full.body.summary).not.toContain('hunter2');
      const flagged = await h.call<{ items: { id: string }[] }>('GET', '/v1/worklog/assets?status=flagged', {
        key: dev,
      });
      expect(flagged.body.items.map((c) => c.id)).toEqual([card.id]);
      expect((await decide(card.id, { decision: 'approve' })).body.code).toBe('card_flagged');
      // An edit that brings a secret back is stored redacted and stays flagged.
      const again = await decide(card.id, {
        decision: 'edit',
        changes: { impact: 'password=hunter2hunter2' },
      });
      expect(again.body.status).toBe('flagged');
      const edited = await decide(card.id, {
        decision: 'edit',
        changes: { summary: 'Rotated the CI token.' },
      });
      expect(edited.body.status).toBe('approved');
    } finally {
      deps.provider = offline;
    }
  });
});

describe('KPIs and the audit report', () => {
  it('refuses a bad period with 400 invalid_period, and a viewer may read', async () => {
    for (const query of [
      '?from=yesterday',
      '?from=2026-03-02&to=2026-03-01',
      '?from=2020-01-01&to=2026-01-01',
    ]) {
      const res = await kpi(dev, query);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.code).toBe('invalid_period');
    }
    expect((await h.call('GET', '/v1/worklog/report?to=nope', { key: dev })).status).toBe(400);
    expect((await kpi(viewer)).status).toBe(200);
  });

  it('counts what the tenant did, and nothing of another tenant', async () => {
    // Before: what the tests above did in this tenant.
    const before = (await kpi()).body;
    // A Med review approved by alice, a High one denied, a Low one run at once.
    const med = pull(31, 'db/migrations/0002_x.sql');
    const medEvent = await deliver(med, 'opened');
    const high = pull(32, '.github/workflows/x.yml');
    await deliver(high, 'opened');
    await deliver(pull(33, 'src/z.ts'), 'opened');
    const intents = await h.call<{
      items: { id: string; pr_event_id: string | null; riskLevel: string; status: string }[];
    }>('GET', '/v1/worklog/intents?kind=review', { key: dev });
    const medIntent = intents.body.items.find((i) => i.pr_event_id === medEvent.pr_event_id)!;
    const highIntent = intents.body.items.find(
      (i) => i.riskLevel === 'High' && i.status === 'pending_approval',
    )!;
    await h.call('POST', `/v1/worklog/intents/${medIntent.id}/approvals`, {
      key: alice,
      body: { decision: 'approve' },
    });
    await h.call('POST', `/v1/worklog/intents/${highIntent.id}/approvals`, {
      key: bob,
      body: { decision: 'deny' },
    });
    await h.warrant.worklog.idle();

    const after = (await kpi()).body;
    expect(after.link_rate.denominator - before.link_rate.denominator).toBe(3);
    expect(after.link_rate.numerator - before.link_rate.numerator).toBe(3);
    expect(after.approval_rate.denominator - before.approval_rate.denominator).toBe(2);
    expect(after.approval_rate.numerator - before.approval_rate.numerator).toBe(1);
    // The Med and Low runs acted, with their approval first and their evidence; the denied one never acted.
    expect(after.audit_success_rate.denominator - before.audit_success_rate.denominator).toBe(2);
    expect(after.audit_success_rate.numerator - before.audit_success_rate.numerator).toBe(2);
    expect(after.audit_success_rate.rate).toBe(1);
    expect(after.deficits).toEqual({
      run_without_intent: 0,
      approval_missing: 0,
      approval_after_the_fact: 0,
      evidence_missing: 0,
    });

    const other = (await kpi(intruder)).body;
    expect(other.counts).toMatchObject({ pull_requests: 0, ai_runs: 0, repository_creations: 0 });
    expect(other.link_rate.rate).toBeNull();

    const md = await h.call<string>('GET', '/v1/worklog/report', { key: dev });
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.body).toContain('acme/shop\\#31');
    expect(md.body).toContain('## Deficits (0)');
    const page = await h.call<string>('GET', '/v1/worklog/report?format=html', { key: dev });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.body).toContain('<h2>Deficits (0)</h2>');
    expect((await h.call<string>('GET', '/v1/worklog/report', { key: intruder })).body).toContain(
      'None in this period.',
    );
  });

  it('lists provisioning events of the tenant, with the approval each names', async () => {
    const created = await h.call<{ id: string }>('POST', '/v1/worklog/projects', {
      key: dev,
      body: {
        // The API's injection screen refuses `<script>` at the door; hostile markup is tested in kpi.test.ts.
        purpose: 'Receipts & "quotes" \u202E',
        scope: 'Receipts.',
        constraints: [],
        success_criteria: ['works'],
        repository: { owner: 'acme', name: 'receipts2', private: true },
      },
    });
    expect(created.status).toBe(201);
    await h.call('POST', `/v1/worklog/intents/${created.body.id}/approvals`, {
      key: alice,
      body: { decision: 'approve' },
    });
    await h.warrant.worklog.idle();
    const list = await h.call<{ items: { intentId: string; approvalId: string; resourceUrl: string }[] }>(
      'GET',
      '/v1/worklog/provisioning',
      { key: dev },
    );
    expect(list.body.items).toEqual([
      expect.objectContaining({
        intentId: created.body.id,
        approvalId: expect.any(String),
        resourceUrl: 'https://github.example/acme/receipts2',
      }),
    ]);
    expect(
      (await h.call<{ items: unknown[] }>('GET', '/v1/worklog/provisioning', { key: intruder })).body.items,
    ).toEqual([]);
    expect((await h.call('GET', '/v1/worklog/provisioning?from=x', { key: dev })).status).toBe(400);
    const page = await h.call<string>('GET', '/v1/worklog/report?format=html', { key: dev });
    expect(page.body).toContain('repository creation');
    expect(page.body).toContain('Receipts &#38; &#34;quotes&#34; \\u{202E}');
    expect(page.body).not.toContain('\u202E');
    const k = (await kpi()).body;
    expect(k.counts.repository_creations).toBe(1);
    expect(k.deficits.approval_missing).toBe(0);
  });
});

describe('warrant worklog', () => {
  it('prints the KPIs as a table or JSON, the report, and exits 1 on a bad period', async () => {
    const env = { WARRANT_URL: h.url, WARRANT_API_KEY: dev };
    const table = await warrant(['worklog', 'kpi'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^KPI\s+VALUE\s+OF$/m);
    expect(table.stdout).toMatch(/^audit success rate\s+\d+\.\d%\s+\d+\/\d+$/m);
    const json = await warrant(['worklog', 'kpi', '--json', '--from', '2026-01-01'], env);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      link_rate: expect.any(Object),
      from: '2026-01-01T00:00:00.000Z',
    });
    const bad = await warrant(['worklog', 'kpi', '--from', 'last week'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('invalid_period');
    const report = await warrant(['worklog', 'report', '--format', 'html'], env);
    expect(report.code).toBe(0);
    expect(report.stdout).toContain('<!doctype html>');
  });
});

describe('the console KPI panel', () => {
  it('shows the same rates, counts and deficits as GET /v1/worklog/kpi, at 1280 and 375 px', async () => {
    if (consoleNeedsBuild()) await buildConsole();
    mkdirSync(SHOTS, { recursive: true });
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(10_000);
      await page.goto(`${h.url}/`);
      await page.getByLabel('API key').fill(viewer);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Approval inbox' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'WorkLog' }).click();
      const panel = page.getByRole('region', { name: 'WorkLog KPIs' });
      await panel.locator('.kpi-rate').first().waitFor();
      const from = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      const api = (await h.call<Kpi>('GET', `/v1/worklog/kpi?from=${from}`, { key: viewer })).body;
      // Data from the tests above: the panel must show numbers, not an empty period.
      expect(api.link_rate.denominator).toBeGreaterThan(0);
      const shown = (name: string) => panel.locator(`[data-kpi="${name}"] dd`).textContent();
      const expected = (rate: Kpi['link_rate']) =>
        `${rate.rate === null ? '—' : `${(rate.rate * 100).toFixed(1)}%`} ${rate.numerator} of ${rate.denominator}`;
      for (const [name, rate] of [
        ['Link rate', api.link_rate],
        ['Approval rate', api.approval_rate],
        ['Audit success rate', api.audit_success_rate],
      ] as const)
        expect((await shown(name))!.replace(/\s+/g, ' ')).toContain(expected(rate));
      for (const [key, count] of Object.entries(api.deficits))
        expect(await panel.locator(`[data-deficit="${key}"]`).textContent()).toMatch(
          new RegExp(`^${count} `),
        );
      await page.screenshot({ path: `${SHOTS}/worklog-kpi-1280.png`, fullPage: true });
      // Another period asks again.
      const week = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
      await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/v1/worklog/kpi?from=${week}`)),
        panel.getByLabel('last 7 days').check(),
      ]);
      await page.setViewportSize({ width: 375, height: 800 });
      await page.waitForTimeout(150);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await page.screenshot({ path: `${SHOTS}/worklog-kpi-375.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  }, 60_000);
});
