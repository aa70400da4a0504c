// The console in Debian's Chromium (playwright-core, no downloaded browser) against a real server: one browser,
// one page, the approver's path through it in order; then OIDC sign-in against a second server and a fake
// identity provider. One file, so the console is built once and one browser runs. Screenshots land in
// test-results/console/.
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { SimulatedCluster } from '../src/connectors/simulated.ts';
import { ManualClock } from '../src/core/clock.ts';
import { buildConsole, consoleNeedsBuild } from '../src/http/console-build.ts';
import { type FakeIdpState, startFakeIdp } from './fakes/oidc.ts';
import { RefusingStore } from './fakes/refusing-store.ts';
import type { FakeServer } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';

const SHOTS = 'test-results/console';
const clock = new ManualClock(new Date());
let h: Harness;
let browser: Browser;
let page: Page;
let keys: Record<'agent' | 'alice' | 'bob' | 'outsider', string>;
let plan: { id: string; summary: string };
const offOrigin: string[] = [];
const objects = new RefusingStore();

const scale = (deployment: string, replicas: number) => ({
  step_id: `scale-${deployment}`,
  action: `scale ${deployment} to ${replicas}`,
  tool: 'k8s.scale',
  input: { namespace: 'shop', deployment, replicas },
  evidence_required: [{ type: 'promql', query: `sum(rate(errors{app="${deployment}"}[5m]))` }],
});

async function submit(key: string, summary: string, deployment: string) {
  const res = await h.call<{ id: string; status: string }>('POST', '/v1/plans', {
    key,
    body: {
      summary,
      intent: `Absorb the traffic spike on ${deployment}.`,
      context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
      steps: [scale(deployment, 5)],
    },
  });
  expect(res.body.status).toBe('pending_approval');
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

beforeAll(async () => {
  if (consoleNeedsBuild()) await buildConsole();
  mkdirSync(SHOTS, { recursive: true });
  h = await startHarness({
    clock,
    connectors: new ConnectorRegistry([new SimulatedCluster({ latencyMs: 400, clock })]),
    objects,
  });
  keys = {
    agent: await keyFor(h, 'demo', 'agent', 'deploy-bot'),
    alice: await keyFor(h, 'demo', 'approver', 'alice'),
    bob: await keyFor(h, 'demo', 'approver', 'bob'),
    outsider: await keyFor(h, 'other', 'agent', 'outsider'),
  };
  await h.warrant.startWorker({ leaseSeconds: 5, reconcileMs: 200 });
  h.warrant.audit.start();
  // Two services behind the deployment make a prod write high risk: two approvers.
  const put = (path: string, body: unknown) => h.call('PUT', `/v1/context/${path}`, { body });
  await put('services/checkout', { name: 'checkout', owner_team: 'payments' });
  await put('services/cart', { name: 'cart', owner_team: 'shop-team' });
  await put('nodes/deploy-checkout', { kind: 'deployment', name: 'checkout', labels: { namespace: 'shop' } });
  await put('edges/e1', { from_node_id: 'deploy-checkout', to_node_id: 'checkout', relation: 'part_of' });
  await put('edges/e2', { from_node_id: 'cart', to_node_id: 'checkout', relation: 'depends_on' });
  plan = await submit(keys.agent, 'Scale checkout for the sale', 'checkout');
  await h.call('POST', `/v1/plans/${plan.id}/approvals`, {
    key: keys.alice,
    body: { decision: 'approve', comment: 'capacity checked' },
  });

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
  // Fail with the locator that was missing, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  page.on('request', (request) => {
    if (!request.url().startsWith(h.url) && !request.url().startsWith('data:')) offOrigin.push(request.url());
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe('the console', () => {
  it('is served at / with its assets, and keeps /v1 for the API', async () => {
    const index = await fetch(`${h.url}/plans/anything`);
    expect(index.headers.get('content-type')).toContain('text/html');
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("connect-src 'self';");
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await index.text())![1]!;
    // Every body is read: one left unread ties up a connection that, once collected, kept the server from closing.
    const asset = await fetch(`${h.url}${script}`);
    await asset.arrayBuffer();
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    const missing = await fetch(`${h.url}/assets/missing.js`);
    await missing.arrayBuffer();
    expect(missing.status).toBe(404);
    expect((await h.call<{ code: string }>('GET', '/v1/nope')).body.code).toBe('route_not_found');
    expect((await h.call('GET', '/v1/auth/config', { key: '' })).body).toEqual({ api_key: true, oidc: null });
  });

  it('signs in with an API key', async () => {
    await page.goto(`${h.url}/`);
    await page.getByLabel('API key').waitFor();
    expect(await page.getByRole('button', { name: /identity provider/ }).count()).toBe(0);
    await shot('sign-in');
    await page.getByLabel('API key').fill('wrt_not_a_key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That key was refused').waitFor();
    await signIn(keys.bob);
    expect(await page.evaluate(() => sessionStorage.getItem('warrant.api_key'))).toBe(keys.bob);
  });

  it('lets a second approver approve from the inbox, with the first vote and a countdown shown', async () => {
    const detail = page.locator('.inbox-detail');
    await detail.getByRole('heading', { name: plan.summary }).waitFor();
    await detail.getByText('high risk').first().waitFor();
    expect(await detail.textContent()).toMatch(/cart, checkout[\s\S]*payments, shop-team/);
    expect(await detail.textContent()).toContain('1 of 2 approvals still needed');
    expect(await detail.locator('.votes').textContent()).toContain('capacity checked');
    expect(await detail.locator('.countdown').first().textContent()).toMatch(/expires in \d+h/);
    expect(await page.locator('.shortcuts').textContent()).toMatch(
      /j\/k move · a approve · d deny · s send back/,
    );
    await shot('inbox');
    // High risk: `a` asks first (test/console-lists.test.ts checks the question and Escape).
    await page.keyboard.press('a');
    await page.getByRole('alertdialog').getByText('high-risk plan').waitFor();
    await page.keyboard.press('Enter');
    await page.getByText(`Your approve of “${plan.summary}” is recorded.`).waitFor();
    const after = await h.call<{ status: string }>('GET', `/v1/plans/${plan.id}`);
    expect(after.body.status).toBe('approved');
  });

  it('lets an approver approve a WorkLog project intent from its own page', async () => {
    const purpose = 'A service that sends order receipts.';
    const created = await h.call<{ id: string; status: string }>('POST', '/v1/worklog/projects', {
      key: keys.agent,
      body: {
        purpose,
        scope: 'Receipts for the shop, by email.',
        constraints: ['TypeScript'],
        success_criteria: ['Receipts go out within a minute of an order'],
        repository: { owner: 'acme', name: 'receipts', private: true },
      },
    });
    expect(created.body.status).toBe('pending_approval');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'WorkLog' }).click();
    const detail = page.locator('.inbox-detail');
    await detail.getByRole('heading', { name: purpose }).waitFor();
    const text = await detail.textContent();
    expect(text).toContain('New project repository');
    expect(text).toContain('acme/receipts (private)');
    expect(text).toMatch(/1 of 1 approvals still needed, from [a-z ]+/);
    expect(await detail.locator('.countdown').first().textContent()).toMatch(/expires in \d+h/);
    await shot('worklog');
    await page.keyboard.press('a');
    await page.getByText(`Your approve of “${purpose}” is recorded.`).waitFor();
    await page.getByText('No WorkLog intent waits for you.').waitFor();
    const after = await h.call<{ status: string }>('GET', `/v1/worklog/intents/${created.body.id}`);
    expect(after.body.status).toBe('approved');
  });

  it('shows the plan and follows its run live to the end, with hashes and evidence', async () => {
    await page.goto(`${h.url}/plans/${plan.id}`);
    await page.getByRole('button', { name: 'Start a run' }).waitFor();
    await shot('plan');
    // An approver may not start runs; the agent does, and the approver watches.
    const started = await h.call<{ id: string }>('POST', `/v1/plans/${plan.id}/runs`, { key: keys.agent });
    await page.goto(`${h.url}/runs/${started.body.id}`);
    await page.locator('h1 .status-succeeded').waitFor({ timeout: 20_000 });
    const timeline = await page.locator('.timeline').textContent();
    expect(timeline).toMatch(/k8s\.scale/);
    expect(timeline).toMatch(/[0-9a-f]{64}/);
    expect(await page.locator('.evidence').textContent()).toMatch(/Evidence promql[\s\S]*[0-9a-f]{64}/);
    await page.getByRole('button', { name: 'view evidence' }).click();
    await page.locator('.evidence pre').waitFor();
    await shot('run');
  });

  it('says when a run waits to be resumed after its drive stopped on an error, and follows it to the end', async () => {
    const cart = await submit(keys.agent, 'Scale the cart service', 'cart');
    for (const key of [keys.alice, keys.bob]) {
      await h.call('POST', `/v1/plans/${cart.id}/approvals`, { key, body: { decision: 'approve' } });
    }
    // The step's input cannot be stored (the disk is full): the drive stops before the call.
    objects.refusals = 1;
    const started = await h.call<{ id: string }>('POST', `/v1/plans/${cart.id}/runs`, { key: keys.agent });
    await page.goto(`${h.url}/runs/${started.body.id}`);
    await page.getByText(/Waiting: its last drive stopped on an error .* it resumes after/).waitFor();
    await shot('run-waiting');
    clock.advance(1000);
    await page.locator('h1 .status-succeeded').waitFor({ timeout: 20_000 });
    expect(await page.getByText('Waiting:').count()).toBe(0);
  });

  it('verifies an audit event in the browser against the signed checkpoint', async () => {
    await page.goto(`${h.url}/audit?plan_id=${plan.id}`);
    await page.getByRole('button', { name: 'plan.submitted' }).click();
    const verify = page.getByRole('button', { name: 'Verify inclusion in this browser' });
    const verdict = page.locator('.verdict');
    for (let attempt = 0; attempt < 20; attempt++) {
      await verify.click();
      await verdict.waitFor();
      if ((await verdict.textContent())?.startsWith('Verified')) break;
      await page.waitForTimeout(250); // not integrated yet: the integrator runs every 250 ms
    }
    expect(await verdict.textContent()).toMatch(/^Verified: the checkpoint's Ed25519 signature is valid/);
    await shot('audit');
  });

  it('lists open exceptions and resolves one with a text', async () => {
    const refused = await h.call<{ allowed: boolean }>('POST', '/v1/authorize', {
      key: keys.agent,
      body: { plan_id: plan.id, step_id: 'scale-checkout', tool: 'k8s.scale', input: { namespace: 'x' } },
    });
    expect(refused.body.allowed).toBe(false);
    await page.goto(`${h.url}/exceptions`);
    const card = page.locator('.card').first();
    await card.getByText('unapproved attempt').waitFor();
    await shot('exceptions');
    await card.getByLabel('Resolution').fill('Agent retried with a stale input; no effect.');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('No exceptions.').waitFor();
  });

  it('draws the context graph and highlights what the plan touches', async () => {
    await page.goto(`${h.url}/graph?plan=${plan.id}`);
    await page.locator('svg.graph').waitFor();
    const lit = await page.locator('svg.graph .box.lit text').allTextContents();
    expect(lit).toEqual(expect.arrayContaining(['checkout', 'cart', 'team payments', 'team shop-team']));
    await shot('graph');
    await page.getByRole('link', { name: 'Governance' }).click();
    await page.getByText('No governance decisions.').waitFor();
  });

  it('fits a phone screen', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${h.url}/plans/${plan.id}`);
    await page.getByRole('heading', { name: plan.summary }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot('plan-375');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('says plainly why a vote is refused, and that another tenant’s plan is not found', async () => {
    const own = await submit(keys.agent, 'Scale cart', 'cart');
    const foreign = await submit(keys.outsider, 'Their plan', 'checkout');
    const approve = page.getByRole('button', { name: /^Approve/ });
    await signIn(keys.agent);
    await page.goto(`${h.url}/plans/${own.id}`);
    await approve.click();
    await page.getByText(/You wrote this plan or a revision of it/).waitFor();

    await page.goto(`${h.url}/plans/${foreign.id}`);
    await page.getByRole('alert').getByText('Not found').waitFor();

    await signIn(keys.bob);
    await page.goto(`${h.url}/plans/${own.id}`);
    await approve.waitFor();
    // Revised while bob looks at it: his vote is for what he saw, so it is refused.
    const revised = await h.call('PUT', `/v1/plans/${own.id}`, {
      key: keys.agent,
      body: {
        summary: 'Scale cart',
        intent: 'Absorb the traffic spike on cart.',
        context: { environment: 'prod', namespace: 'shop', cluster_id: 'eu-1' },
        steps: [scale('cart', 49)],
      },
    });
    expect(revised.status).toBe(200);
    await approve.click();
    await page.getByText(/This plan was revised after you opened it/).waitFor();
    await shot('stale-revision');
    expect((await h.call<{ status: string }>('GET', `/v1/plans/${own.id}`)).body.status).toBe(
      'pending_approval',
    );
    await page.reload();
    await approve.waitFor();
    clock.advance(25 * 3600 * 1000);
    await approve.click();
    await page.getByText('This approval request has expired').waitFor();
    expect(offOrigin).toEqual([]);
  });
});

describe('the console signing in through an OIDC identity provider', () => {
  let idp: FakeServer<FakeIdpState>;
  let sso: Harness;
  const ssoButton = () => page.getByRole('button', { name: `Sign in with ${new URL(idp.url).host}` });
  const problem = (text: string) => page.getByRole('alert').getByText(text, { exact: true }).waitFor();

  beforeAll(async () => {
    idp = await startFakeIdp('warrant-console', {
      sub: 'user-7',
      email: 'ada@demo.test',
      warrant_tenant: 'demo',
      warrant_roles: ['approver'],
    });
    sso = await startHarness({
      config: { gateway: { oidc_issuer: idp.url, oidc_client_id: 'warrant-console' } } as never,
    });
    idp.state.consoleOrigin = sso.url;
    await keyFor(sso, 'demo', 'agent', 'deploy-bot');
  });

  afterAll(async () => {
    await sso?.close();
    await idp?.close();
  });

  it('lets the page connect to the issuer, and to no other origin', async () => {
    const index = await fetch(`${sso.url}/`);
    await index.text();
    expect(index.headers.get('content-security-policy')).toContain(`connect-src 'self' ${idp.url};`);
    expect((await sso.call('GET', '/v1/auth/config', { key: '' })).body).toEqual({
      api_key: true,
      oidc: { issuer: idp.url, client_id: 'warrant-console' },
    });
  });

  it('signs in with the authorization code flow and PKCE, and lands in the inbox', async () => {
    await page.goto(`${sso.url}/`);
    await ssoButton().waitFor();
    await shot('sign-in-oidc');
    await ssoButton().click();
    await page.getByRole('heading', { name: 'Approval inbox' }).waitFor();
    expect(await page.locator('.who').textContent()).toBe('ada@demo.test · demo · approver');
    // The code and state do not stay in the address bar.
    expect(page.url()).toBe(`${sso.url}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('warrant.api_key'))).toBe(idp.state.accessToken);
    const asked = Object.fromEntries(idp.state.authorizations.at(-1)!);
    expect(asked).toMatchObject({
      response_type: 'code',
      client_id: 'warrant-console',
      redirect_uri: `${sso.url}/auth/callback`,
      scope: 'openid email',
      code_challenge_method: 'S256',
    });
    expect(asked.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(asked.state).toMatch(/^[\w-]{22}$/);
    expect(idp.state.exchanged).toBe(1);
    await shot('inbox-oidc');
  });

  it('says plainly when the identity provider refuses, or the answer is not for this tab', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    idp.state.refuse = 'access_denied';
    await ssoButton().click();
    await problem('The identity provider refused the sign-in (access_denied): The user declined to sign in.');
    expect(page.url()).toBe(`${sso.url}/`);
    await shot('sign-in-oidc-refused');
    idp.state.refuse = undefined;

    idp.state.refuseToken = 'the code has expired';
    await ssoButton().click();
    await problem('The identity provider did not issue a token (invalid_grant): the code has expired');
    idp.state.refuseToken = undefined;

    await page.goto(`${sso.url}/auth/callback?code=stolen&state=forged`);
    await problem('This sign-in answer does not match a sign-in started in this tab. Please start again.');
    expect(await page.evaluate(() => sessionStorage.getItem('warrant.api_key'))).toBeNull();
    expect(idp.state.exchanged).toBe(1);
  });
});
