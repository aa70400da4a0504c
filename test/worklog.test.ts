import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from '@octokit/webhooks-methods';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectorRegistry } from '../src/connectors/connector.ts';
import { GitHubConnector } from '../src/connectors/github.ts';
import { canonicalHash } from '../src/core/hash.ts';
import { createLogger } from '../src/core/logger.ts';
import { createModelProvider } from '../src/llm/select.ts';
import { voteOnIntent } from '../src/worklog/intents.ts';
import { reviewMarkdown, settleWaitingRun } from '../src/worklog/review.ts';
import type { ReviewOutput } from '../src/worklog/schemas.ts';
import { WorklogService } from '../src/worklog/service.ts';
import { type FakeGitHubState, type FakePull, startFakeGitHub } from './fakes/github.ts';
import type { FakeServer } from './fakes/server.ts';
import { type Harness, keyFor, startHarness } from './harness.ts';
import { rowsOf } from './rows.ts';

const SECRET = 'whsec-worklog-test';
// Planted in every diff: it must reach the model and nothing else.
const MARKER = 'DIFF-MARKER-7f3a9c1e';

let h: Harness;
let gh: FakeServer<FakeGitHubState>;
let dev: string;
let alice: string;
let intruder: string;
let otherAdmin: string;
// Each tenant signs its deliveries with its own secret, derived from the installation's SECRET.
let demoSecret: string;
let otherSecret: string;
const logs: string[] = [];

beforeAll(async () => {
  process.env.WARRANT_GITHUB_WEBHOOK_SECRET = SECRET;
  gh = await startFakeGitHub({ login: 'warrant-bot' });
  h = await startHarness({
    connectors: new ConnectorRegistry([new GitHubConnector({ apiUrl: gh.url })]),
    logger: createLogger({ level: 'debug', destination: { write: (line: string) => logs.push(line) } }),
  });
  dev = await keyFor(h, 'demo', 'operator', 'dana');
  alice = await keyFor(h, 'demo', 'approver', 'alice');
  intruder = await keyFor(h, 'other', 'operator', 'intruder');
  otherAdmin = await keyFor(h, 'other', 'admin', 'olga');
  const webhookOf = async (key: string) =>
    (await h.call<{ path: string; secret: string }>('GET', '/v1/worklog/webhook', { key })).body;
  demoSecret = (await webhookOf(h.adminKey)).secret;
  otherSecret = (await webhookOf(otherAdmin)).secret;
  for (const [repo, key] of [
    ['acme/shop', dev],
    ['acme/elsewhere', intruder],
  ] as const) {
    const connected = await h.call('POST', '/v1/worklog/repositories', { key, body: { full_name: repo } });
    expect(connected.status).toBe(201);
  }
});
afterAll(async () => {
  await h?.close();
  await gh?.close();
});

function pull(
  number: number,
  files: { filename: string; additions: number }[],
  extra: Partial<FakePull> = {},
) {
  const sha = createHash('sha1').update(`head-${number}-${randomUUID()}`).digest('hex');
  const diff = files
    .map(
      (f) =>
        `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n@@ -1,1 +1,3 @@\n` +
        ` const x = 1;\n+console.log('${MARKER}');\n+// ${MARKER} line\n`,
    )
    .join('');
  const value: FakePull = {
    number,
    title: `Change #${number}`,
    state: 'open',
    merged: false,
    merged_at: null,
    head: { ref: `feat-${number}`, sha },
    base: { ref: 'main', sha: 'b'.repeat(40) },
    body: 'Adds a cache to the product list. It fixes slow pages.',
    files: files.map((f) => ({ ...f, deletions: 0 })),
    diff,
    ...extra,
  };
  gh.state.pulls.set(`acme/shop#${number}`, value);
  return value;
}

const payload = (p: FakePull, action: string, repo = 'acme/shop') => ({
  action,
  repository: { full_name: repo },
  pull_request: {
    number: p.number,
    html_url: `https://github.example/${repo}/pull/${p.number}`,
    title: p.title,
    body: p.body,
    user: { login: 'dana' },
    head: p.head,
    base: p.base,
    merged: p.merged,
    merged_at: p.merged_at,
    additions: (p.files ?? []).reduce((n, f) => n + f.additions, 0),
    deletions: 0,
    changed_files: (p.files ?? []).length,
  },
});

async function deliver(
  event: string,
  body: unknown,
  options: { secret?: string; signature?: string | null; delivery?: string } = {},
) {
  const raw = JSON.stringify(body);
  const signature =
    options.signature === undefined ? await sign(options.secret ?? demoSecret, raw) : options.signature;
  return h.call<{ status: string; code?: string; pr_event_id?: string }>('POST', '/v1/webhooks/github', {
    key: '',
    raw,
    headers: {
      'x-github-event': event,
      'x-github-delivery': options.delivery ?? randomUUID(),
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
  });
}

type IntentBody = {
  id: string;
  approval: { requirement: { quorum: number } } | null;
  riskLevel: string;
  requiresApproval: boolean;
  status: string;
  spec: Record<string, unknown>;
  run: {
    runId: string;
    status: string;
    approvalId: string | null;
    diffHash: string | null;
    errorCode: string | null;
  };
};

async function intentOf(prEventId: string, key = dev): Promise<IntentBody> {
  const list = await h.call<{ items: { id: string; pr_event_id: string }[] }>('GET', '/v1/worklog/intents', {
    key,
  });
  const found = list.body.items.find((i) => i.pr_event_id === prEventId);
  if (!found) throw new Error(`no intent for ${prEventId}`);
  return (await h.call<IntentBody>('GET', `/v1/worklog/intents/${found.id}`, { key })).body;
}

const count = async (table: string) =>
  rowsOf<{ n: number }>(
    await h.warrant.db.orm.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)),
  )[0]!.n;

describe('the GitHub webhook', () => {
  it('refuses a missing, wrong or wrong-secret signature, recording nothing', async () => {
    const body = payload(pull(90, [{ filename: 'src/a.ts', additions: 1 }]), 'opened');
    const before = await count('worklog_deliveries');
    expect((await deliver('pull_request', body, { signature: null })).body.code).toBe('signature_missing');
    const wrong = await deliver('pull_request', body, { signature: `sha256=${'0'.repeat(64)}` });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'signature_invalid' } });
    expect(wrong.headers.get('content-type')).toContain('application/problem+json');
    expect((await deliver('pull_request', body, { secret: 'not-the-secret' })).status).toBe(401);
    // Another tenant's secret signs nothing for a repository it did not connect.
    expect((await deliver('pull_request', body, { secret: otherSecret })).status).toBe(401);
    expect(await count('worklog_deliveries')).toBe(before);
    // Each refusal is a security event.
    const events = rowsOf<{ kind: string }>(
      await h.warrant.db.orm.execute(sql`SELECT kind FROM security_events WHERE kind = 'bad_signature'`),
    );
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses a replayed delivery and records it; no secret signs for a repository no tenant connected', async () => {
    const delivery = randomUUID();
    const first = await deliver('ping', { zen: 'hi', repository: { full_name: 'acme/shop' } }, { delivery });
    expect(first).toMatchObject({ status: 202, body: { status: 'ignored' } });
    const again = await deliver('ping', { zen: 'hi', repository: { full_name: 'acme/shop' } }, { delivery });
    expect(again).toMatchObject({ status: 409, body: { code: 'replayed_delivery' } });
    const unknown = await deliver('pull_request', payload(pull(91, []), 'opened', 'nobody/nothing'));
    expect(unknown).toMatchObject({ status: 401, body: { code: 'signature_invalid' } });
    const rows = rowsOf<{ delivery_id: string; replays: number; outcome: string }>(
      await h.warrant.db.orm.execute(sql`SELECT delivery_id, replays, outcome FROM worklog_deliveries`),
    );
    expect(rows.find((r) => r.delivery_id === delivery)).toMatchObject({ replays: 1, outcome: 'recorded' });
    expect(rows.filter((r) => r.outcome === 'ignored')).toHaveLength(0);
  });

  it("takes the installation's own secret for the one tenant connecting the repository, as before", async () => {
    const ping = (full_name: string) =>
      deliver('ping', { zen: 'hi', repository: { full_name } }, { secret: SECRET });
    const demo = rowsOf<{ tenant_id: string }>(
      await h.warrant.db.orm.execute(sql`SELECT id AS tenant_id FROM tenants WHERE name = 'demo'`),
    )[0]!.tenant_id;
    const ours = await ping('acme/shop');
    expect(ours).toMatchObject({ status: 202, body: { status: 'ignored' } });
    const [row] = rowsOf<{ tenant_id: string | null }>(
      await h.warrant.db.orm.execute(
        sql`SELECT tenant_id FROM worklog_deliveries ORDER BY received_at DESC, delivery_id LIMIT 1`,
      ),
    );
    expect(row?.tenant_id).toBe(demo);
    // A repository nobody connected: received, ignored, in no tenant.
    expect(await ping('nobody/nothing')).toMatchObject({ status: 202, body: { status: 'ignored' } });
  });
});

describe('governed AI review', () => {
  it('runs a Low-risk review at once and posts it; the run is idempotent', async () => {
    const p = pull(1, [{ filename: 'src/products.ts', additions: 20 }]);
    const res = await deliver('pull_request', payload(p, 'opened'));
    expect(res).toMatchObject({ status: 202, body: { status: 'recorded' } });
    await h.warrant.worklog.idle();
    const intent = await intentOf(res.body.pr_event_id!);
    expect(intent).toMatchObject({ riskLevel: 'Low', requiresApproval: false, run: { status: 'succeeded' } });
    expect(intent.run.diffHash).toBe(createHash('sha256').update(p.diff!).digest('hex'));
    const run = await h.call<{ review: { findings: { evidenceRef: string; severity: string }[] } }>(
      'GET',
      `/v1/worklog/runs/${intent.run.runId}`,
      { key: dev },
    );
    expect(run.body.review.findings).toContainEqual(
      expect.objectContaining({ evidenceRef: 'src/products.ts:2', severity: 'low' }),
    );
    const posted = gh.state.reviews.filter((r) => r.pull === 'acme/shop#1');
    expect(posted).toEqual([expect.objectContaining({ commit_id: p.head.sha, event: 'COMMENT' })]);
    expect(posted[0]!.body).toContain(intent.run.runId);

    await h.warrant.worklog.runs.execute(intent.run.runId);
    const redelivered = await deliver('pull_request', payload(p, 'opened'));
    await h.warrant.worklog.idle();
    expect(redelivered.body.status).toBe('duplicate');
    expect(gh.state.reviews.filter((r) => r.pull === 'acme/shop#1')).toHaveLength(1);
  });

  it('holds a Med-risk review for an approval, then runs it', async () => {
    const p = pull(2, [{ filename: 'db/migrations/0042_orders.sql', additions: 12 }]);
    const res = await deliver('pull_request', payload(p, 'opened'));
    await h.warrant.worklog.idle();
    const waiting = await intentOf(res.body.pr_event_id!);
    expect(waiting).toMatchObject({
      riskLevel: 'Med',
      requiresApproval: true,
      status: 'pending_approval',
      run: { status: 'waiting_approval', approvalId: null },
    });
    expect(gh.state.reviews.filter((r) => r.pull === 'acme/shop#2')).toHaveLength(0);

    const vote = (key: string) =>
      h.call<{ code?: string; approval: { id: string } }>(
        'POST',
        `/v1/worklog/intents/${waiting.id}/approvals`,
        {
          key,
          body: { decision: 'approve' },
        },
      );
    expect((await vote(dev)).body.code).toBe('self_approval');
    expect((await vote(intruder)).status).toBe(404);
    const approved = await vote(alice);
    expect(approved.status).toBe(201);
    await h.warrant.worklog.idle();
    const done = await intentOf(res.body.pr_event_id!);
    expect(done.run).toMatchObject({ status: 'succeeded', approvalId: approved.body.approval.id });
    expect(gh.state.reviews.filter((r) => r.pull === 'acme/shop#2')).toHaveLength(1);
  });

  it('ends a High-risk review that is denied, posting nothing', async () => {
    const p = pull(7, [{ filename: '.github/workflows/release.yml', additions: 4 }]);
    const res = await deliver('pull_request', payload(p, 'synchronize'));
    await h.warrant.worklog.idle();
    const intent = await intentOf(res.body.pr_event_id!);
    expect(intent).toMatchObject({ riskLevel: 'High', approval: { requirement: { quorum: 2 } } });
    await h.call('POST', `/v1/worklog/intents/${intent.id}/approvals`, {
      key: alice,
      body: { decision: 'deny' },
    });
    await h.warrant.worklog.idle();
    expect((await intentOf(res.body.pr_event_id!)).run).toMatchObject({
      status: 'failed',
      errorCode: 'denied',
    });
    expect(gh.state.reviews.filter((r) => r.pull === 'acme/shop#7')).toHaveLength(0);
  });

  it('sends the diff to an OpenAI-format model, and refuses an answer outside the schema', async () => {
    // The two runs may reach the model in either order: the answer goes by the file reviewed.
    const good = { summary: 'Looks fine.', findings: [] };
    const bad = { summary: 'Bad', findings: [{ id: 'F1', title: 'no severity or evidence' }] };
    const seen: string[] = [];
    const model: Server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => {
        raw += chunk.toString();
      });
      req.on('end', () => {
        seen.push(raw);
        const content = JSON.stringify(raw.includes('src/b.ts') ? bad : good);
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: 'c1',
            object: 'chat.completion',
            created: 0,
            model: 'gpt-test',
            choices: [
              { index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'stop' },
            ],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => model.listen(0, '127.0.0.1', resolve));
    const { deps } = h.warrant.worklog;
    const offline = deps.provider;
    deps.provider = () =>
      createModelProvider(
        {
          ...deps.llm,
          provider: 'openai',
          model: 'gpt-test',
          api_base: `http://127.0.0.1:${(model.address() as AddressInfo).port}`,
        },
        { OPENAI_API_KEY: 'test-key' },
      );
    try {
      const fine = await deliver(
        'pull_request',
        payload(pull(3, [{ filename: 'src/a.ts', additions: 3 }]), 'opened'),
      );
      const wrong = await deliver(
        'pull_request',
        payload(pull(4, [{ filename: 'src/b.ts', additions: 3 }]), 'opened'),
      );
      await h.warrant.worklog.idle();
      expect(seen).toHaveLength(2);
      expect(JSON.parse(seen[0]!)).toMatchObject({
        response_format: { type: 'json_schema', json_schema: { name: 'pr_review' } },
      });
      expect(seen[0]).toContain(MARKER);
      expect((await intentOf(fine.body.pr_event_id!)).run.status).toBe('succeeded');
      const refused = await intentOf(wrong.body.pr_event_id!);
      expect(refused.run).toMatchObject({ status: 'failed', errorCode: 'model_output_invalid' });
      const run = await h.call<{ review: { status: string } }>(
        'GET',
        `/v1/worklog/runs/${refused.run.runId}`,
        {
          key: dev,
        },
      );
      expect(run.body.review.status).toBe('invalid');
      expect(gh.state.reviews.filter((r) => r.pull === 'acme/shop#4')).toHaveLength(0);
    } finally {
      deps.provider = offline;
      model.closeAllConnections();
      model.close();
    }
  });
});

describe('project provisioning', () => {
  const project = {
    purpose: 'A service that sends order receipts.',
    scope: 'Receipts for the shop, by email.',
    constraints: ['TypeScript'],
    success_criteria: ['Receipts go out within a minute of an order'],
    repository: { owner: 'acme', name: 'receipts', private: true },
  };

  it('refuses an unapproved attempt and records it; an approved one creates the repository once', async () => {
    const created = await h.call<IntentBody & { code?: string }>('POST', '/v1/worklog/projects', {
      key: dev,
      body: project,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ requiresApproval: true, status: 'pending_approval' });
    expect((created.body.spec.considerations as string[]).length).toBeGreaterThan(0);
    const id = created.body.id;

    const refused = await h.call<{ code: string; exception_id: string }>(
      'POST',
      `/v1/worklog/projects/${id}/provision`,
      { key: dev },
    );
    expect(refused).toMatchObject({ status: 403, body: { code: 'not_approved' } });
    const exception = await h.call<{ type: string; details: { intent_id: string } }>(
      'GET',
      `/v1/exceptions/${refused.body.exception_id}`,
      { key: alice },
    );
    expect(exception.body).toMatchObject({ type: 'unapproved_attempt', details: { intent_id: id } });
    expect(gh.state.repos.has('acme/receipts')).toBe(false);

    await h.call('POST', `/v1/worklog/intents/${id}/approvals`, {
      key: alice,
      body: { decision: 'approve' },
    });
    await h.warrant.worklog.idle();
    expect(gh.state.repos.has('acme/receipts')).toBe(true);
    expect(gh.state.contents.get('acme/receipts:SPEC.md')).toContain('Receipts go out within a minute');
    const retry = await h.call<{
      eventId: string;
      approvalId: string;
      structureType: string;
      resourceUrl: string;
    }>('POST', `/v1/worklog/projects/${id}/provision`, { key: dev });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({
      structureType: 'spec-ready',
      resourceUrl: 'https://github.example/acme/receipts',
    });
    expect(gh.calls.filter((c) => c.method === 'POST' && c.path === '/orgs/acme/repos')).toHaveLength(1);
    expect(await count('worklog_provisioning_events')).toBe(1);
  });
});

describe('career assets', () => {
  it('turns a merged pull request into a card the developer edits and exports', async () => {
    const p = pull(5, [{ filename: 'src/cache.ts', additions: 40 }], {
      state: 'closed',
      merged: true,
      merged_at: '2026-03-01T09:00:00Z',
    });
    await deliver('pull_request', payload(p, 'closed'));
    await h.warrant.worklog.idle();
    const cards = await h.call<{ items: { id: string; status: string; pr: { number: number } }[] }>(
      'GET',
      '/v1/worklog/assets?status=pending',
      { key: dev },
    );
    const card = cards.body.items.find((c) => c.pr.number === 5)!;
    expect(card).toBeDefined();
    expect((await h.call('GET', `/v1/worklog/assets/${card.id}`, { key: intruder })).status).toBe(404);
    expect(
      (
        await h.call('POST', `/v1/worklog/assets/${card.id}/decisions`, {
          key: intruder,
          body: { decision: 'approve' },
        })
      ).status,
    ).toBe(404);

    const edited = await h.call<{ status: string; title: string }>(
      'POST',
      `/v1/worklog/assets/${card.id}/decisions`,
      { key: dev, body: { decision: 'edit', changes: { title: 'Cut product list latency with a cache' } } },
    );
    expect(edited.body).toMatchObject({ status: 'approved', title: 'Cut product list latency with a cache' });
    const detail = await h.call<{ decisions: { decision: string }[] }>(
      'GET',
      `/v1/worklog/assets/${card.id}`,
      {
        key: dev,
      },
    );
    expect(detail.body.decisions.map((d) => d.decision)).toEqual(['edit']);

    const md = await h.call<string>('GET', '/v1/worklog/assets/export?format=md', { key: dev });
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(md.body).toContain('## Cut product list latency with a cache');
    expect(md.body).toContain('https://github.example/acme/shop/pull/5');
    const json = await h.call<{ cards: { id: string }[] }>('GET', '/v1/worklog/assets/export?format=json', {
      key: dev,
    });
    expect(json.body.cards.map((c) => c.id)).toEqual([card.id]);
    expect(
      (await h.call<{ cards: unknown[] }>('GET', '/v1/worklog/assets/export', { key: intruder })).body.cards,
    ).toEqual([]);
  });
});

describe('a review run left running', () => {
  // What the model was asked while these tests ran, by prompt.
  const asked: string[] = [];
  let offline: typeof h.warrant.worklog.deps.provider;
  beforeAll(() => {
    const { deps } = h.warrant.worklog;
    offline = deps.provider;
    deps.provider = () => {
      const model = offline();
      return {
        name: model.name,
        model: model.model,
        complete: (request) => {
          asked.push(request.prompt);
          return model.complete(request);
        },
      };
    };
  });
  afterAll(() => {
    h.warrant.worklog.deps.provider = offline;
  });
  const asksFor = (p: FakePull) => asked.filter((prompt) => prompt.includes(`"title": "${p.title}"`)).length;

  const STORED: ReviewOutput = {
    summary: 'Stored before the process stopped.',
    findings: [
      {
        id: 'F1',
        category: 'correctness',
        severity: 'low',
        title: 'Unchecked total',
        description: 'An order total may be negative.',
        evidenceRef: 'db/migrations/orders.sql:2',
        recommendation: 'Add a CHECK constraint.',
        confidence: 0.6,
      },
    ],
  };

  /** A Med-risk pull request approved by alice, its run queued: the process that took the vote stops there. */
  async function approvedRun(number: number) {
    const p = pull(number, [{ filename: `db/migrations/00${number}_orders.sql`, additions: 5 }]);
    const res = await deliver('pull_request', payload(p, 'opened'));
    await h.warrant.worklog.idle();
    const intent = await intentOf(res.body.pr_event_id!);
    expect(intent.run.status).toBe('waiting_approval');
    const approver = (await h.warrant.tenancy.authenticateKey(alice))!;
    // What WorklogService.vote commits, without the execution it starts afterwards.
    await h.warrant.db.orm.transaction(async (tx) => {
      const now = new Date();
      const voted = await voteOnIntent(tx, approver, intent.id, { decision: 'approve' }, now);
      await settleWaitingRun(tx, voted.intent, voted.approval_id, now);
    });
    return { p, intentId: intent.id, runId: intent.run.runId };
  }

  /**
   * The run as its process left it when it stopped `agoMs` after claiming it: just claimed, with the review
   * output stored, or with the review on GitHub too (its answer never read).
   */
  async function stop(
    run: { p: FakePull; runId: string },
    point: 'claimed' | 'stored' | 'posted',
    agoMs = 60 * 60_000,
  ) {
    const { orm } = h.warrant.db;
    const startedAt = new Date(Date.now() - agoMs).toISOString();
    await orm.execute(sql`
      UPDATE worklog_runs SET status = 'running', started_at = ${startedAt}
      WHERE id = ${run.runId} AND status = 'queued'`);
    if (point === 'claimed') return;
    await orm.execute(sql`
      INSERT INTO worklog_review_outputs (run_id, tenant_id, summary, findings, status, created_at)
      SELECT id, tenant_id, ${STORED.summary}, ${JSON.stringify(STORED.findings)}::jsonb, 'valid', ${startedAt}
      FROM worklog_runs WHERE id = ${run.runId}`);
    await orm.execute(sql`
      UPDATE worklog_runs SET diff_hash = ${sha256(run.p.diff!)} WHERE id = ${run.runId}`);
    if (point === 'stored') return;
    await new GitHubConnector({ apiUrl: gh.url }).createReview(
      { owner: 'acme', repo: 'shop' },
      run.p.number,
      { commit_id: run.p.head.sha, body: reviewMarkdown(STORED, run.runId) },
      `worklog-review-${run.runId}`,
    );
  }

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const runOf = (runId: string) =>
    h.call<{
      status: string;
      errorCode: string | null;
      diffHash: string | null;
      githubReviewId: number | null;
      started_at: string;
      review: { summary: string } | null;
    }>('GET', `/v1/worklog/runs/${runId}`, { key: dev });
  const auditOf = async (runId: string) =>
    rowsOf<{ action: string }>(
      await h.warrant.db.orm.execute(sql`
        SELECT action FROM audit_events WHERE body -> 'context' ->> 'run_id' = ${runId} ORDER BY seq`),
    ).map((row) => row.action);
  const reviewsOf = (p: FakePull) => gh.state.reviews.filter((r) => r.pull === `acme/shop#${p.number}`);
  // Every POST of the run's review, replays of its idempotency key included: GitHub itself would not replay.
  const postsOf = (runId: string) => gh.requestsByKey.get(`worklog-review-${runId}`) ?? 0;

  it('is finished by the sweep wherever its process stopped, with one review and one model answer', async () => {
    const claimed = await approvedRun(20);
    const stored = await approvedRun(21);
    const posted = await approvedRun(22);
    await stop(claimed, 'claimed');
    await stop(stored, 'stored');
    await stop(posted, 'posted');
    const callsBefore = gh.calls.length;

    await h.warrant.worklog.resume();

    for (const run of [claimed, stored, posted]) {
      const view = (await runOf(run.runId)).body;
      expect(view).toMatchObject({ status: 'succeeded', errorCode: null, diffHash: sha256(run.p.diff!) });
      expect(reviewsOf(run.p)).toEqual([
        expect.objectContaining({ id: view.githubReviewId, commit_id: run.p.head.sha, event: 'COMMENT' }),
      ]);
      expect(reviewsOf(run.p)[0]!.body).toContain(run.runId);
      expect(postsOf(run.runId)).toBe(1);
    }
    expect(asksFor(claimed.p)).toBe(1);
    expect(await auditOf(claimed.runId)).toEqual([
      'worklog.run.created',
      'worklog.run.queued',
      'worklog.run.resumed',
      'worklog.ci.captured',
      'worklog.review.generated',
      'worklog.run.succeeded',
    ]);
    for (const run of [stored, posted]) {
      // The stored output is what was posted; the model was not asked and the diff not fetched.
      expect(asksFor(run.p)).toBe(0);
      expect((await runOf(run.runId)).body.review).toMatchObject({ summary: STORED.summary });
      expect(reviewsOf(run.p)[0]!.body).toContain(STORED.summary);
      expect(
        gh.calls
          .slice(callsBefore)
          .filter((c) => c.method === 'GET' && c.path === `/repos/acme/shop/pulls/${run.p.number}`),
      ).toEqual([]);
      expect(await auditOf(run.runId)).toEqual([
        'worklog.run.created',
        'worklog.run.queued',
        'worklog.run.resumed',
        'worklog.run.succeeded',
      ]);
    }

    // Finished runs are not taken again.
    await h.warrant.worklog.resume();
    for (const run of [claimed, stored, posted]) {
      expect(postsOf(run.runId)).toBe(1);
      expect((await auditOf(run.runId)).filter((a) => a === 'worklog.run.resumed')).toHaveLength(1);
    }
  });

  it('is left alone within its lease; of two sweeps racing after it, one takes it over', async () => {
    const run = await approvedRun(23);
    await stop(run, 'claimed', 60_000);
    const before = (await runOf(run.runId)).body;
    await h.warrant.worklog.resume();
    expect((await runOf(run.runId)).body).toMatchObject({ status: 'running', started_at: before.started_at });
    expect(await auditOf(run.runId)).not.toContain('worklog.run.resumed');

    // Two processes whose lease is shorter, both finding the run stale, then both claiming it.
    const { deps } = h.warrant.worklog;
    const sweeps = [1, 2].map(
      () => new WorklogService({ ...deps, webhookSecret: () => SECRET, runLeaseMs: 30_000 }),
    );
    for (const sweep of sweeps) expect(await sweep.runs.stale(50)).toContain(run.runId);
    await Promise.all(sweeps.map((sweep) => sweep.runs.takeOver(run.runId)));

    expect((await runOf(run.runId)).body.status).toBe('succeeded');
    expect((await auditOf(run.runId)).filter((a) => a === 'worklog.run.resumed')).toHaveLength(1);
    expect(reviewsOf(run.p)).toHaveLength(1);
    expect(postsOf(run.runId)).toBe(1);
    expect(asksFor(run.p)).toBe(1);
  });

  it('is finished once when the process it was taken from was only slow', async () => {
    const run = await approvedRun(26);
    await stop(run, 'stored');
    const { deps } = h.warrant.worklog;
    const slow = new WorklogService({ ...deps, webhookSecret: () => SECRET, runLeaseMs: 30_000 });
    const eager = new WorklogService({ ...deps, webhookSecret: () => SECRET, runLeaseMs: 1 });
    let first: Promise<void> | undefined;
    try {
      // GitHub has the slow process's review, but its answer is late: the eager one takes the run over then.
      gh.latencyMs = 1000;
      first = slow.runs.takeOver(run.runId);
      await vi.waitFor(() => expect(postsOf(run.runId)).toBe(1), { timeout: 5000 });
    } finally {
      gh.latencyMs = 0;
    }
    await eager.runs.takeOver(run.runId);
    await first;

    const [review] = reviewsOf(run.p);
    expect((await runOf(run.runId)).body).toMatchObject({ status: 'succeeded', githubReviewId: review!.id });
    expect(reviewsOf(run.p)).toHaveLength(1);
    expect(postsOf(run.runId)).toBe(1);
    expect(await auditOf(run.runId)).toEqual([
      'worklog.run.created',
      'worklog.run.queued',
      'worklog.run.resumed',
      'worklog.run.resumed',
      'worklog.run.succeeded',
    ]);
  });

  it('fails when its approval expired by the takeover, as a queued run does', async () => {
    const taken = await approvedRun(24);
    const queued = await approvedRun(25);
    await stop(taken, 'stored');
    await h.warrant.db.orm.execute(sql`
      UPDATE worklog_intents SET approval = jsonb_set(approval, '{valid_to}', to_jsonb(${new Date(Date.now() - 1000).toISOString()}::text))
      WHERE id IN (${taken.intentId}, ${queued.intentId})`);

    await h.warrant.worklog.resume();

    for (const run of [taken, queued]) {
      expect((await runOf(run.runId)).body).toMatchObject({
        status: 'failed',
        errorCode: 'approval_expired',
      });
      const exceptions = rowsOf<{ type: string; reason: string }>(
        await h.warrant.db.orm.execute(sql`
          SELECT type, reason FROM exception_events WHERE details ->> 'worklog_run_id' = ${run.runId}`),
      );
      expect(exceptions).toEqual([{ type: 'approval_expired', reason: 'approval_expired' }]);
      expect(reviewsOf(run.p)).toEqual([]);
      expect(postsOf(run.runId)).toBe(0);
      expect(await auditOf(run.runId)).toEqual([
        'worklog.run.created',
        'worklog.run.queued',
        'worklog.run.failed',
      ]);
    }
  });
});

describe('scope and evidence', () => {
  it("keeps another tenant's repositories out of sight", async () => {
    const mine = await h.call<{ items: { id: string; full_name: string }[] }>(
      'GET',
      '/v1/worklog/repositories',
      {
        key: dev,
      },
    );
    expect(mine.body.items.map((r) => r.full_name)).toEqual(['acme/shop']);
    const theirs = await h.call<{ items: { id: string }[] }>('GET', '/v1/worklog/repositories', {
      key: intruder,
    });
    expect(
      (await h.call('DELETE', `/v1/worklog/repositories/${theirs.body.items[0]!.id}`, { key: dev })).status,
    ).toBe(404);
    expect((await h.call('GET', '/v1/worklog/pulls/acme/elsewhere/1/ci', { key: dev })).status).toBe(404);
    const openapi = await h.call<{ paths: Record<string, unknown> }>('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(
      expect.arrayContaining(['/v1/webhooks/github', '/v1/worklog/assets/export', '/v1/worklog/projects']),
    );
  });

  it('connects a repository per tenant: a delivery reaches only the tenant whose secret signed it', async () => {
    // Connecting what another tenant connected tells nothing about it; connecting it twice in one tenant is a 409.
    const connect = (key: string, full_name: string) =>
      h.call<{ code?: string }>('POST', '/v1/worklog/repositories', { key, body: { full_name } });
    expect((await connect(intruder, 'acme/shop')).status).toBe(201);
    expect(await connect(intruder, 'ACME/shop')).toMatchObject({
      status: 409,
      body: { code: 'repository_connected' },
    });
    expect(otherSecret).not.toBe(demoSecret);
    // The secret is the admin's to read.
    expect((await h.call('GET', '/v1/worklog/webhook', { key: intruder })).status).toBe(403);

    const seenBy = async (key: string, prEventId: string) =>
      (await h.call<{ items: { id: string }[] }>('GET', '/v1/worklog/pr-events', { key })).body.items.some(
        (e) => e.id === prEventId,
      );
    const theirs = await deliver('pull_request', payload(pull(40, []), 'closed'), { secret: otherSecret });
    const ours = await deliver('pull_request', payload(pull(41, []), 'closed'));
    expect(theirs).toMatchObject({ status: 202, body: { status: 'recorded' } });
    expect(ours).toMatchObject({ status: 202, body: { status: 'recorded' } });
    expect([
      await seenBy(intruder, theirs.body.pr_event_id!),
      await seenBy(dev, theirs.body.pr_event_id!),
    ]).toEqual([true, false]);
    expect([
      await seenBy(intruder, ours.body.pr_event_id!),
      await seenBy(dev, ours.body.pr_event_id!),
    ]).toEqual([false, true]);
    // Another tenant's secret signs nothing for a repository only this one connected.
    const elsewhere = await deliver('ping', { repository: { full_name: 'acme/elsewhere' } });
    expect(elsewhere.status).toBe(401);
    // With two tenants connecting it, the installation's secret cannot say whose delivery it is.
    const shared = await deliver('pull_request', payload(pull(42, []), 'closed'), { secret: SECRET });
    expect(shared).toMatchObject({ status: 409, body: { code: 'ambiguous_repository' } });
    await h.warrant.worklog.idle();
  });

  it('reads CI status from GitHub Actions for a pull request', async () => {
    const p = pull(6, [{ filename: 'src/a.ts', additions: 1 }]);
    gh.state.workflowRuns.set('acme/shop', [
      {
        id: 77,
        name: 'ci',
        head_branch: p.head.ref,
        head_sha: p.head.sha,
        status: 'completed',
        conclusion: 'failure',
        run_started_at: '2026-03-01T10:00:00Z',
        created_at: '2026-03-01T10:00:00Z',
        updated_at: '2026-03-01T10:02:30Z',
        html_url: 'https://github.example/acme/shop/actions/runs/77',
      },
    ]);
    const ci = await h.call<{ pipelines: unknown[]; previews: unknown[] }>(
      'GET',
      '/v1/worklog/pulls/acme/shop/6/ci',
      {
        key: dev,
      },
    );
    expect(ci.status).toBe(200);
    expect(ci.body.pipelines).toEqual([
      expect.objectContaining({
        run_id: 77,
        status: 'failed',
        duration_seconds: 150,
        commit_sha: p.head.sha,
      }),
    ]);
    expect(ci.body.previews).toEqual([]);
  });

  it("keeps the head's CI with the review: checks answered, previews, hashed and audited, fixed once taken", async () => {
    const p = pull(9, [{ filename: 'src/b.ts', additions: 2 }]);
    gh.state.workflowRuns.set('acme/shop', [
      {
        id: 91,
        name: 'ci',
        head_branch: p.head.ref,
        head_sha: p.head.sha,
        status: 'completed',
        conclusion: 'failure',
        run_started_at: '2026-03-02T10:00:00Z',
        created_at: '2026-03-02T10:00:00Z',
        updated_at: '2026-03-02T10:04:00Z',
        html_url: 'https://github.example/acme/shop/actions/runs/91',
        check_suite_id: 5,
      },
    ]);
    const check = (name: string, conclusion: string, suite = 5, summary: string | null = null) => ({
      name,
      status: 'completed' as const,
      conclusion,
      check_suite: { id: suite },
      output: { title: null, summary },
    });
    gh.state.checkRuns.set(p.head.sha, [
      check('lint', 'success'),
      check('unit tests', 'failure', 5, 'Coverage: 81.2%'),
      // Another workflow's suite: not this pipeline's answer.
      check('openapi contract', 'failure', 6),
    ]);
    gh.state.statuses.set(p.head.sha, [
      { context: 'Vercel', state: 'success', target_url: 'https://shop-pr-9.vercel.app' },
    ]);
    const res = await deliver('pull_request', payload(p, 'opened'));
    await h.warrant.worklog.idle();
    const intent = await intentOf(res.body.pr_event_id!);
    expect(intent.run).toMatchObject({ status: 'succeeded' });
    type Ci = {
      head_sha: string;
      pipelines: Record<string, unknown>[];
      previews: Record<string, unknown>[];
      sha256: string;
    };
    const read = () =>
      h.call<{ ci: Ci; evidences: { kind: string; hash: string | null }[] }>(
        'GET',
        `/v1/worklog/runs/${intent.run.runId}`,
        { key: dev },
      );
    const first = await read();
    expect(first.body.ci.head_sha).toBe(p.head.sha);
    expect(first.body.ci.pipelines).toEqual([
      expect.objectContaining({
        run_id: 91,
        status: 'failed',
        lint_passed: true,
        type_check_passed: null,
        tests_passed: false,
        coverage_pct: 81.2,
        contract_check_passed: null,
      }),
    ]);
    expect(first.body.ci.previews).toEqual([
      expect.objectContaining({
        environment: 'Vercel',
        frontend_url: 'https://shop-pr-9.vercel.app',
        status: 'ready',
      }),
    ]);
    const { sha256, ...body } = first.body.ci;
    expect(sha256).toBe(
      canonicalHash({ head_sha: body.head_sha, pipelines: body.pipelines, previews: body.previews }),
    );
    expect(first.body.evidences).toContainEqual(
      expect.objectContaining({ kind: 'ci_snapshot', hash: sha256 }),
    );
    const [audited] = rowsOf<{ context: { sha256: string } }>(
      await h.warrant.db.orm.execute(
        sql`SELECT body->'context' AS context FROM audit_events
            WHERE action = 'worklog.ci.captured' AND body->'context'->>'run_id' = ${intent.run.runId}`,
      ),
    );
    expect(audited?.context.sha256).toBe(sha256);

    // GitHub changes its mind later (a re-run passed): what the review used stays as it was.
    gh.state.checkRuns.set(p.head.sha, [check('unit tests', 'success')]);
    expect((await read()).body.ci).toEqual(first.body.ci);
    // GET …/ci reads GitHub now.
    const now = await h.call<{ pipelines: { tests_passed: boolean | null }[] }>(
      'GET',
      '/v1/worklog/pulls/acme/shop/9/ci',
      { key: dev },
    );
    expect(now.body.pipelines[0]!.tests_passed).toBe(true);
    expect((await h.call('GET', `/v1/worklog/runs/${intent.run.runId}`, { key: intruder })).status).toBe(404);
  });

  it('never stores or logs the diff', async () => {
    await h.warrant.worklog.idle();
    await h.warrant.auditWriteBehind.flush();
    const tables = rowsOf<{ table_name: string }>(
      await h.warrant.db.orm.execute(sql`
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`),
    );
    expect(tables.map((t) => t.table_name)).toContain('worklog_runs');
    for (const { table_name: table } of tables) {
      const rows = rowsOf<{ row: string }>(
        await h.warrant.db.orm.execute(sql.raw(`SELECT row_to_json(t)::text AS row FROM "${table}" t`)),
      );
      expect(
        rows.filter((r) => r.row.includes(MARKER)),
        table,
      ).toEqual([]);
    }
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.filter((line) => line.includes(MARKER))).toEqual([]);
  });
});
