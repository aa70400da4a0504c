// The console's plans and runs lists, names instead of ids, the confirmation before a keyboard approval of a
// high-risk plan, and navigation by role: Debian's Chromium against a real server, as in console.test.ts.
// Screenshots land in test-results/console/ at 1280 and 375 px.
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { SimulatedCluster } from '../src/connectors/simulated.ts';
import { ManualClock } from '../src/core/clock.ts';
import { buildConsole, consoleNeedsBuild } from '../src/http/console-build.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const SHOTS = 'test-results/console';
const clock = new ManualClock(new Date());
let h: Harness;
let browser: Browser;
let page: Page;
let keys: Record<'agent' | 'alice' | 'bob' | 'viewer' | 'auditor' | 'outsider', string>;
let checkout: { id: string; summary: string };
let cart: { id: string; summary: string };
let runId: string;

/** An 8-hex-digit id fragment, as the console used to show people and plans. */
const BARE_ID = /\b[0-9a-f]{8}\b/;

async function submit(key: string, summary: string, deployment: string, environment = 'prod') {
  const res = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key,
    body: {
      summary,
      intent: `Absorb the traffic spike on ${deployment}.`,
      context: { environment, namespace: 'shop', cluster_id: 'eu-1' },
      steps: [
        {
          step_id: `scale-${deployment}`,
          action: `scale ${deployment} to 5`,
          tool: 'k8s.scale',
          input: { namespace: 'shop', deployment, replicas: 5 },
          rollback: { type: 'scale', steps: [] },
        },
      ],
    },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, summary };
}

const shot = (name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });

async function signIn(key: string) {
  await page.goto(`${h.url}/`);
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Approval inbox' }).waitFor();
}

const nav = () => page.getByRole('navigation', { name: 'Main' });

async function fitsPhone(name: string) {
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(`${name}-375`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

beforeAll(async () => {
  if (consoleNeedsBuild()) await buildConsole();
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({
    clock,
    connectors: new ConnectorRegistry([new SimulatedCluster({ latencyMs: 50, clock })]),
  });
  keys = {
    agent: await keyFor(h, 'demo', 'agent', 'deploy-bot'),
    alice: await keyFor(h, 'demo', 'approver', 'alice'),
    bob: await keyFor(h, 'demo', 'approver', 'bob'),
    viewer: await keyFor(h, 'demo', 'viewer', 'vera'),
    auditor: await keyFor(h, 'demo', 'auditor', 'ada'),
    outsider: await keyFor(h, 'other', 'agent', 'outsider'),
  };
  await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
  // Two services behind checkout make a prod write to it high risk: two approvers.
  const put = (path: string, body: unknown) => h.call('PUT', `/v1/context/${path}`, { body });
  await put('services/checkout', { name: 'checkout', owner_team: 'payments' });
  await put('services/cart', { name: 'cart', owner_team: 'shop-team' });
  await put('nodes/deploy-checkout', { kind: 'deployment', name: 'checkout', labels: { namespace: 'shop' } });
  await put('edges/e1', { from_node_id: 'deploy-checkout', to_node_id: 'checkout', relation: 'part_of' });
  await put('edges/e2', { from_node_id: 'cart', to_node_id: 'checkout', relation: 'depends_on' });
  checkout = await submit(keys.agent, 'Scale checkout for the sale', 'checkout');
  await h.call('POST', `/v1/plans/${checkout.id}/approvals`, {
    key: keys.alice,
    body: { decision: 'approve', comment: 'capacity checked' },
  });
  cart = await submit(keys.agent, 'Scale cart before the newsletter', 'cart', 'stage');
  const denied = await h.call<{ plan: { status: string } }>('POST', `/v1/plans/${cart.id}/approvals`, {
    key: keys.alice,
    body: { decision: 'deny', comment: 'not this week' },
  });
  // A plan that needs no approval is decided at once; one that does is denied by alice's vote.
  if (denied.status === 201 || denied.status === 200) expect(denied.body.plan.status).toBe('denied');
  await submit(keys.outsider, 'Their plan', 'checkout');

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('GET /v1/actors', () => {
  it("names the caller's own tenant's actors to every role, and no other tenant's", async () => {
    for (const key of [keys.agent, keys.viewer, keys.alice]) {
      const res = await h.call<{ items: { id: string; name: string; type: string; roles: string[] }[] }>(
        'GET',
        '/v1/actors',
        { key },
      );
      expect(res.status).toBe(200);
      const names = res.body.items.map((actor) => actor.name);
      expect(names).toEqual(expect.arrayContaining(['alice', 'bob', 'deploy-bot', 'vera', 'ada']));
      expect(names).not.toContain('outsider');
      expect(res.body.items.find((actor) => actor.name === 'alice')?.roles).toEqual(['approver']);
      expect(JSON.stringify(res.body)).not.toMatch(/wrt_|secret/);
    }
    const theirs = await h.call<{ items: { name: string }[] }>('GET', '/v1/actors', { key: keys.outsider });
    expect(theirs.body.items.map((actor) => actor.name)).toEqual(['outsider']);
    expect((await h.call('GET', '/v1/actors', { key: '' })).status).toBe(401);
  });
});

describe('the console', () => {
  it('asks before a keyboard approval of a high-risk plan, and approves on Enter', async () => {
    await signIn(keys.bob);
    const detail = page.locator('.inbox-detail');
    await detail.getByRole('heading', { name: checkout.summary }).waitFor();
    await detail.getByText('high risk').first().waitFor();
    // What will change, read live from the cluster, and the rollback, before the vote.
    const diff = detail.locator('.diff');
    await diff.getByText('If the run fails:').waitFor();
    expect(await diff.textContent()).toMatch(/replicas\s*\S+ → 5/);
    // The rollback in words, per step and for the run.
    expect(await diff.textContent()).toMatch(/Rollback: scaled back to \d+ replicas/);
    expect(await diff.textContent()).toContain('If the run fails: Undone in reverse order of completion');
    await page.keyboard.press('a');
    const ask = page.getByRole('alertdialog');
    await ask.getByText('This is a high-risk plan in prod. Approve it?').waitFor();
    await shot('inbox-confirm');
    // Escape goes back without a vote; the plan still waits.
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect((await h.call<{ status: string }>('GET', `/v1/plans/${checkout.id}`)).body.status).toBe(
      'pending_approval',
    );
    await page.keyboard.press('a');
    await ask.waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`Your approve of “${checkout.summary}” is recorded.`).waitFor();
    expect((await h.call<{ status: string }>('GET', `/v1/plans/${checkout.id}`)).body.status).toBe(
      'approved',
    );
    const started = await h.call<{ id: string }>('POST', `/v1/plans/${checkout.id}/runs`, {
      key: keys.agent,
    });
    expect(started.status).toBe(202);
    runId = started.body.id;
  });

  it('finds a decided plan from the plans list, by filter and by search, and opens it', async () => {
    await nav().getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('heading', { name: 'Plans', exact: true }).waitFor();
    const table = page.locator('table.list');
    await table.getByRole('link', { name: checkout.summary }).waitFor();
    await table.getByRole('link', { name: cart.summary }).waitFor();
    expect(await table.textContent()).not.toContain('Their plan');
    expect(await table.textContent()).toContain('deploy-bot');
    await shot('plans');
    await fitsPhone('plans');

    await page.getByLabel('Status').selectOption('denied');
    await page.waitForURL(/status=denied/);
    await table.getByRole('link', { name: cart.summary }).waitFor();
    await page.getByRole('link', { name: checkout.summary }).waitFor({ state: 'detached' });
    await page.getByLabel('Status').selectOption('');
    await page.getByLabel('Risk').selectOption('high');
    await page.getByRole('link', { name: cart.summary }).waitFor({ state: 'detached' });
    await table.getByRole('link', { name: checkout.summary }).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // A page at a time: the newest first, then older ones on demand.
    await page.goto(`${h.url}/plans?limit=1`);
    await page.getByRole('button', { name: 'Show older plans' }).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(1);
    await page.getByRole('button', { name: 'Show older plans' }).click();
    await table.getByRole('link', { name: checkout.summary }).waitFor();
    await table.getByRole('link', { name: cart.summary }).waitFor();
    await page.getByRole('button', { name: 'Show older plans' }).waitFor({ state: 'detached' });
    await page.goto(`${h.url}/plans`);

    await page.getByLabel('Search').fill('newsletter');
    await page.getByRole('link', { name: checkout.summary }).waitFor({ state: 'detached' });
    await page.getByLabel('Search').fill('no such plan anywhere');
    await page.getByText('No plan matches these filters.').waitFor();
    await page.getByLabel('Search').fill('newsletter');
    await table.getByRole('link', { name: cart.summary }).click();
    await page.getByRole('heading', { name: cart.summary }).waitFor();
    await page.locator('.plan-detail .status-denied').waitFor();
  });

  it('shows names, never bare ids, on the plan page', async () => {
    const detail = page.locator('.plan-detail');
    await detail.locator('.votes').getByText('alice').waitFor();
    // alice is a person (an approver's key is a person's), shown by name with what she is on hover.
    expect(
      await detail.locator('.votes .person', { hasText: 'alice' }).first().getAttribute('title'),
    ).toMatch(/^person · /);
    expect(await detail.locator('.meta').textContent()).toContain('by deploy-bot');
    expect(await detail.locator('.votes').textContent()).not.toMatch(BARE_ID);
    expect(await detail.locator('.meta').textContent()).not.toMatch(BARE_ID);
    // Denied: no approval is "still needed" any more.
    const votes = await detail.getByRole('heading', { name: /^Votes/ }).textContent();
    expect(votes).toMatch(/denied before the quorum of \d+ was reached/);
    expect(votes).not.toContain('still needed');
  });

  it('opens a run from the runs list, and shows who started it by name', async () => {
    await nav().getByRole('link', { name: 'Runs' }).click();
    await page.getByRole('heading', { name: 'Runs', exact: true }).waitFor();
    const row = page.locator('table.list tr', { hasText: checkout.summary });
    await row.waitFor();
    expect(await row.textContent()).toContain('deploy-bot');
    await page.getByLabel('Environment').selectOption('stage');
    await page.getByText('No run matches these filters.').waitFor();
    await page.getByLabel('Environment').selectOption('prod');
    await row.waitFor();
    await shot('runs');
    await fitsPhone('runs');
    await row.getByRole('link', { name: `Run of ${checkout.summary}` }).click();
    await page.waitForURL(`${h.url}/runs/${runId}`);
    await page.locator('h1 .status-succeeded').waitFor({ timeout: 20_000 });
    const meta = await page.locator('.page > .meta').textContent();
    expect(meta).toContain('Started by deploy-bot');
    expect(meta).not.toMatch(BARE_ID);
    await page.locator('.lead').getByRole('link', { name: checkout.summary }).waitFor();
    // Step by step from the run's log: how far it came, and what the call answered (redacted excerpt).
    await page.locator('.progress').getByText('1 of 1 steps done').waitFor();
    expect(await page.locator('.timeline .excerpt pre').first().textContent()).toMatch(/"replicas":5/);
    await shot('run-names');
  });

  it('shows the person and the plan of every audit event by name', async () => {
    // An actor created after the console loaded its names is named too.
    const late = await keyFor(h, 'demo', 'agent', 'ops-bot');
    const lateSummary = 'Scale search for the late shift';
    await submit(late, lateSummary, 'search', 'dev');
    await nav().getByRole('link', { name: 'Audit' }).click();
    await page
      .locator('.audit table tr', { hasText: 'plan.submitted' })
      .filter({ hasText: lateSummary })
      .getByText('ops-bot')
      .waitFor();
    const table = page.locator('.audit table');
    await table.locator('tbody tr').first().waitFor();
    const submitted = table.locator('tr', { hasText: 'plan.submitted' }).first();
    await submitted.getByText('deploy-bot').waitFor();
    const voted = table.locator('tr', { hasText: 'approval' }).filter({ hasText: 'alice' }).first();
    await voted.getByRole('link', { name: checkout.summary }).waitFor();
    await table.getByRole('link', { name: cart.summary }).first().waitFor();
    expect(await table.locator('tbody').textContent()).not.toMatch(BARE_ID);
    await page.getByLabel('Person').selectOption({ label: 'bob' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/actor=/);
    await table.locator('tbody tr').first().waitFor();
    const people = await table.locator('tbody tr td:nth-child(3)').allTextContents();
    expect(new Set(people)).toEqual(new Set(['bob']));
    await shot('audit-names');
    await fitsPhone('audit-names');
  });

  it('shows an agent no link that would answer 403, and a viewer the audit log', async () => {
    await signIn(keys.agent);
    const links = await nav().getByRole('link').allTextContents();
    expect(links).toEqual(['Inbox', 'Plans', 'Runs', 'Exceptions', 'Context graph', 'WorkLog']);
    for (const name of links) {
      await nav().getByRole('link', { name, exact: true }).click();
      await page.waitForTimeout(300);
      expect(await page.getByText(/Not allowed/).count(), name).toBe(0);
    }
    await shot('nav-agent');
    await signIn(keys.viewer);
    expect(await nav().getByRole('link').allTextContents()).toEqual([
      'Inbox',
      'Plans',
      'Runs',
      'Audit',
      'Exceptions',
      'Context graph',
      'Governance',
      'WorkLog',
    ]);
  });

  it('fits every page on a phone and a laptop, with a screenshot of each', async () => {
    await signIn(keys.bob);
    const pages: [string, string][] = [
      ['inbox', '/'],
      ['plans', '/plans'],
      ['plan', `/plans/${checkout.id}`],
      ['runs', '/runs'],
      ['run', `/runs/${runId}`],
      ['audit', '/audit'],
      ['exceptions', '/exceptions'],
      ['graph', '/graph'],
      ['governance', '/governance'],
      ['worklog', '/worklog'],
    ];
    for (const [name, path] of pages) {
      await page.goto(`${h.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SHOTS}/page-${name}-1280.png`, fullPage: true });
      await page.setViewportSize({ width: 375, height: 800 });
      try {
        await page.waitForTimeout(150);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width, name).toBeLessThanOrEqual(375);
        await page.screenshot({ path: `${SHOTS}/page-${name}-375.png`, fullPage: true });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    }
  });

  it('lets an auditor create, release and export a review, and download its pack', async () => {
    await signIn(keys.auditor);
    await nav().getByRole('link', { name: 'Governance' }).click();
    await page.getByText(/No reviews yet\. Create one/).waitFor();
    await page.getByRole('button', { name: 'Create a review' }).click();
    const card = page.locator('.card', { hasText: 'Review of demo' }).first();
    await card.getByText('by ada').waitFor();
    await card.getByRole('button', { name: 'Release' }).click();
    await card.locator('.status-released').waitFor();
    await card.getByRole('button', { name: 'Export a review pack' }).click();
    await card.getByRole('button', { name: 'Get the download link' }).click();
    const link = card.getByRole('link', { name: 'Download the review pack (ZIP)' });
    await link.waitFor();
    await shot('governance-review');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);
    const bytes = await readFile((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    // A viewer sees the review, but not the buttons that would answer 403.
    await signIn(keys.viewer);
    await nav().getByRole('link', { name: 'Governance' }).click();
    await page.locator('.card', { hasText: 'Review of demo' }).first().waitFor();
    expect(await page.getByRole('button', { name: /Create a review|Release|Export/ }).count()).toBe(0);
  });

  it('says what to do next when there is nothing to list', async () => {
    const fresh = await keyFor(h, 'empty', 'viewer', 'newcomer');
    await signIn(fresh);
    await page.goto(`${h.url}/plans`);
    await page.getByText(/No plans yet\. An agent submits one/).waitFor();
    await shot('plans-empty');
    await page.goto(`${h.url}/runs`);
    await page.getByText(/No runs yet\. Open an approved plan/).waitFor();
    await shot('runs-empty');
  });

  it('lays the context graph out with dagre, cuts no resource off, and pans and zooms it', async () => {
    // A graph larger than the view: a dozen resources behind three services.
    const put = (path: string, body: unknown) => h.call('PUT', `/v1/context/${path}`, { body });
    await put('services/payments', { name: 'payments', owner_team: 'payments' });
    for (let i = 1; i <= 12; i++) {
      const service = ['checkout', 'cart', 'payments'][i % 3]!;
      const name = `${service}-replica-set-with-a-long-name-${i}`;
      await put(`nodes/rs-${i}`, { kind: 'replicaset', name, labels: { namespace: 'shop' } });
      await put(`edges/rs-${i}`, { from_node_id: `rs-${i}`, to_node_id: service, relation: 'part_of' });
    }
    await signIn(keys.bob);
    await page.goto(`${h.url}/graph?plan=${checkout.id}`);
    const viewport = page.locator('.graph-viewport');
    const boxes = page.locator('svg.graph .box');
    await boxes.first().waitFor();
    await page.locator('svg.graph .box.lit').first().waitFor();
    const labels = await boxes.locator('text').allTextContents();
    expect(labels).toEqual(expect.arrayContaining(['checkout', 'cart', 'team payments']));
    // Every label whole: a box is as wide as its text.
    expect(labels.filter((label) => label.includes('…'))).toEqual([]);
    expect(labels).toContain('replicaset: checkout-replica-set-with-a-long-name-3');
    for (const label of ['replicaset: checkout-replica-set-with-a-long-name-3', 'team shop-team']) {
      const box = boxes.filter({ hasText: label });
      const [rect, text] = [await box.locator('rect').boundingBox(), await box.locator('text').boundingBox()];
      expect(text!.width, label).toBeLessThanOrEqual(rect!.width);
    }

    /** Every box lies inside the viewport: nothing is clipped. */
    const allInView = async () => {
      const frame = (await viewport.boundingBox())!;
      const rects = await boxes.locator('rect').evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { x: r.x, y: r.y, right: r.right, bottom: r.bottom };
        }),
      );
      return rects.every(
        (r) =>
          r.x >= frame.x - 1 &&
          r.y >= frame.y - 1 &&
          r.right <= frame.x + frame.width + 1 &&
          r.bottom <= frame.y + frame.height + 1,
      );
    };
    expect(await boxes.count()).toBe(labels.length);
    expect(await allInView()).toBe(true);
    // Layered left to right: resources before their services, services before their teams.
    const centre = async (label: string) => {
      const b = (await boxes.filter({ hasText: new RegExp(`^${label}$`) }).boundingBox())!;
      return b.x + b.width / 2;
    };
    expect(await centre('replicaset: cart-replica-set-with-a-long-name-1')).toBeLessThan(
      await centre('cart'),
    );
    expect(await centre('payments')).toBeLessThan(await centre('team payments'));
    await page.screenshot({ path: `${SHOTS}/graph-1280.png`, fullPage: true });

    // Zoom in: the boxes grow about the centre, some leave the view; Fit brings them all back.
    const level = page.locator('.graph-tools .zoom-level');
    const fitted = Number.parseInt((await level.textContent())!, 10);
    const before = (await boxes
      .filter({ hasText: /^team payments$/ })
      .locator('rect')
      .boundingBox())!;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.waitForFunction(
      (start) => Number.parseInt(document.querySelector('.zoom-level')?.textContent ?? '0', 10) > start,
      fitted,
    );
    const zoomed = (await boxes
      .filter({ hasText: /^team payments$/ })
      .locator('rect')
      .boundingBox())!;
    expect(zoomed.width).toBeGreaterThan(before.width * 1.4);
    expect(await allInView()).toBe(false);
    // Drag to pan: the graph follows the pointer.
    const frame = (await viewport.boundingBox())!;
    const [cx, cy] = [frame.x + frame.width / 2, frame.y + frame.height / 2];
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx - 60, cy - 30, { steps: 4 });
    await page.mouse.up();
    const panned = (await boxes
      .filter({ hasText: /^team payments$/ })
      .locator('rect')
      .boundingBox())!;
    expect(Math.abs(panned.x - zoomed.x + 60)).toBeLessThanOrEqual(1);
    expect(Math.abs(panned.y - zoomed.y + 30)).toBeLessThanOrEqual(1);
    // The keyboard pans and zooms too, once the view has focus.
    await viewport.focus();
    await page.keyboard.press('ArrowLeft');
    const keyed = (await boxes
      .filter({ hasText: /^team payments$/ })
      .locator('rect')
      .boundingBox())!;
    expect(Math.abs(keyed.x - panned.x - 40)).toBeLessThanOrEqual(1);
    await page.keyboard.press('0');
    await page.waitForFunction(
      (start) => Number.parseInt(document.querySelector('.zoom-level')?.textContent ?? '0', 10) === start,
      fitted,
    );
    expect(await allInView()).toBe(true);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    expect(await allInView()).toBe(true);
    await page.getByRole('button', { name: 'Fit' }).click();

    // On a phone the view fits again, and the page does not scroll sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    try {
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect(await allInView()).toBe(true);
      await page.screenshot({ path: `${SHOTS}/graph-375.png`, fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });
});
