import { describe, expect, it } from 'vitest';
import type { ApprovalState } from '../plans/approvals/machine.ts';
import { auditPeriod, type PeriodRecords } from './kpi.ts';
import { parsePeriod } from './period.ts';
import { html, md, reportHtml, reportMarkdown } from './report.ts';
import type {
  WorklogApprovalRecord,
  WorklogIntentRecord,
  WorklogPrEventRecord,
  WorklogProvisioningEventRecord,
  WorklogRunRecord,
} from './tables.ts';

const T = 'tenant-1';
const at = (hhmm: string) => new Date(`2026-03-10T${hhmm}:00Z`);
const from = new Date('2026-03-01T00:00:00Z');
const to = new Date('2026-04-01T00:00:00Z');

const event = (id: string, pr: number, action: string, received: Date): WorklogPrEventRecord => ({
  id,
  tenant_id: T,
  repository_id: 'repo-1',
  delivery_id: `d-${id}`,
  action,
  pr_number: pr,
  pr_url: `https://github.example/acme/shop/pull/${pr}`,
  title: `PR ${pr}`,
  description: '',
  author: 'dana',
  base_sha: 'b'.repeat(40),
  head_sha: 'h'.repeat(40),
  merged: false,
  merged_at: null,
  additions: 1,
  deletions: 0,
  changed_files: 1,
  received_at: received,
  processed_at: received,
  attempts: 1,
  last_error: null,
});

const approval = (status: string, validFrom?: Date, validTo?: Date): ApprovalState =>
  ({
    status,
    creator_id: 'dev',
    content_hash: 'c',
    revision: 1,
    requirement: { tier: 'medium', approvers: ['approver'], quorum: 1, ttl_hours: 4 },
    request_ttl_hours: 24,
    requested_at: at('08:00').toISOString(),
    expires_at: at('23:00').toISOString(),
    votes: [],
    ...(validFrom ? { approved_at: validFrom.toISOString(), valid_from: validFrom.toISOString() } : {}),
    ...(validTo ? { valid_to: validTo.toISOString() } : {}),
  }) as ApprovalState;

const intent = (
  id: string,
  over: Partial<WorklogIntentRecord> & Pick<WorklogIntentRecord, 'risk_level'>,
): WorklogIntentRecord => ({
  id,
  tenant_id: T,
  kind: 'review',
  creator_id: 'dev',
  purpose: `intent ${id}`,
  scope: 's',
  constraints: [],
  success_criteria: [],
  risk_reasons: [],
  requires_approval: over.risk_level !== 'Low',
  status: 'approved',
  content_hash: 'c',
  approval: null,
  pr_event_id: null,
  spec: {},
  created_at: at('08:00'),
  updated_at: at('08:00'),
  ...over,
});

const vote = (
  id: string,
  intentId: string,
  created: Date,
  decision: WorklogApprovalRecord['decision'] = 'approve',
): WorklogApprovalRecord => ({
  id,
  tenant_id: T,
  intent_id: intentId,
  actor_id: 'alice',
  decision,
  comment: null,
  source: 'api',
  template_answers: {},
  created_at: created,
});

const run = (id: string, intentId: string, over: Partial<WorklogRunRecord> = {}): WorklogRunRecord => ({
  id,
  tenant_id: T,
  intent_id: intentId,
  approval_id: null,
  repo_full_name: 'acme/shop',
  pr_number: 1,
  pr_url: 'https://github.example/acme/shop/pull/1',
  base_sha: 'b'.repeat(40),
  head_sha: 'h'.repeat(40),
  diff_hash: 'd'.repeat(64),
  status: 'succeeded',
  error_code: null,
  github_review_id: 77,
  created_at: at('09:00'),
  started_at: at('10:00'),
  finished_at: at('10:05'),
  ...over,
});

const provisioning = (
  id: string,
  intentId: string,
  approvalId: string,
  over: Partial<WorklogProvisioningEventRecord> = {},
): WorklogProvisioningEventRecord => ({
  id,
  tenant_id: T,
  intent_id: intentId,
  approval_id: approvalId,
  actor_id: 'dev',
  resource_type: 'repository',
  scope: 'acme/receipts',
  resource_id: '42',
  resource_url: 'https://github.example/acme/receipts',
  structure_type: 'spec-ready',
  created_at: at('12:00'),
  ...over,
});

/**
 * The hand-built fixture: 4 pull requests (3 linked), 5 intents needing approval (4 decided, 2 approved), and
 * 5 acting items (3 runs, 2 repositories) of which 2 are clean.
 */
function fixture(): PeriodRecords {
  const prEvents = [
    event('e1', 1, 'opened', at('08:00')),
    event('e1b', 1, 'synchronize', at('08:30')), // the same pull request again: counted once
    event('e2', 2, 'opened', at('08:00')),
    event('e3', 3, 'reopened', at('08:00')),
    event('e4', 4, 'opened', at('08:00')), // no intent: not linked
    event('e5', 5, 'closed', at('08:00')), // a merge: not reviewable, not counted
    event('e6', 6, 'opened', new Date('2026-02-27T00:00:00Z')), // before the period
  ];
  const intents = [
    intent('low', { risk_level: 'Low', pr_event_id: 'e1' }),
    intent('med', {
      risk_level: 'Med',
      pr_event_id: 'e2',
      approval: approval('approved', at('09:30'), at('13:30')),
    }),
    // Linked by URL: a review asked for by hand has no pr-event.
    intent('late', {
      risk_level: 'Med',
      spec: { pr_url: 'https://github.example/acme/shop/pull/3' },
      approval: approval('approved', at('11:00'), at('15:00')),
    }),
    intent('denied', { risk_level: 'High', status: 'denied', approval: approval('denied') }),
    intent('sentback', { risk_level: 'Med', status: 'sent_back', approval: approval('sent_back') }),
    intent('pending', {
      risk_level: 'High',
      status: 'pending_approval',
      approval: approval('pending_approval'),
    }),
    intent('proj', {
      risk_level: 'Med',
      kind: 'project',
      approval: approval('approved', at('11:30'), at('15:30')),
    }),
    intent('proj2', {
      risk_level: 'Low',
      kind: 'project',
      requires_approval: true,
      status: 'pending_approval',
      approval: approval('pending_approval'),
      created_at: new Date('2026-02-20T00:00:00Z'),
    }),
  ];
  const votes = [
    vote('v-med', 'med', at('09:30')),
    vote('v-late', 'late', at('11:00')),
    vote('v-proj', 'proj', at('11:30')),
    vote('v-deny', 'denied', at('09:00'), 'deny'),
  ];
  const runs = [
    run('r-low', 'low'), // clean: Low needs no approval
    run('r-med', 'med', { approval_id: 'v-med' }), // clean: approved 09:30, started 10:00
    run('r-late', 'late', { approval_id: 'v-late', diff_hash: null }), // approved 11:00 after a 10:00 start; no diff hash
    run('r-blocked', 'denied', {
      status: 'failed',
      error_code: 'denied',
      diff_hash: null,
      github_review_id: null,
      started_at: null,
    }), // never acted
    run('r-ghost', 'missing', { created_at: new Date('2026-02-28T00:00:00Z') }), // outside the period
  ];
  const provisioning_ = [
    provisioning('p-ok', 'proj', 'v-proj'), // clean
    provisioning('p-bad', 'proj2', 'v-nope', { resource_url: 'http://github.example/x', scope: 'acme/x' }), // no approval, no https
  ];
  return { from, to, prEvents, intents, runs, votes, provisioning: provisioning_ };
}

describe('WorkLog KPIs, against a hand-built fixture', () => {
  it('counts each rate as its definition says', () => {
    const audit = auditPeriod(fixture());
    expect(audit.kpi).toEqual({
      link_rate: { numerator: 3, denominator: 4, rate: 0.75 },
      // med, late, proj approved; denied rejected; sentback sent back; pending not decided (proj2 is outside)
      approval_rate: { numerator: 3, denominator: 5, rate: 0.6 },
      audit_success_rate: { numerator: 3, denominator: 5, rate: 0.6 },
    });
    expect(audit.counts).toEqual({
      pull_requests: 4,
      ai_runs: 4,
      ai_runs_acted: 3,
      repository_creations: 2,
      intents_requiring_approval: 6,
      intents_decided: 5,
    });
  });

  it('names every deficit', () => {
    const audit = auditPeriod(fixture());
    expect(audit.deficits.map((d) => [d.subject_id, d.kind])).toEqual([
      ['r-late', 'approval_after_the_fact'],
      ['r-late', 'evidence_missing'],
      ['p-bad', 'approval_missing'],
      ['p-bad', 'evidence_missing'],
    ]);
    expect(audit.items.find((i) => i.id === 'r-blocked')).toMatchObject({ acted: false, deficits: [] });
  });

  it('finds a run whose intent is gone, and an approval that lapsed before the action', () => {
    const records = fixture();
    records.runs.push(run('r-orphan', 'nowhere', { created_at: at('09:00') }));
    records.runs.push(run('r-lapsed', 'med', { approval_id: 'v-med', started_at: at('14:00') }));
    const audit = auditPeriod(records);
    const kinds = audit.deficits.map((d) => [d.subject_id, d.kind]);
    expect(kinds).toContainEqual(['r-orphan', 'run_without_intent']);
    expect(kinds).toContainEqual(['r-lapsed', 'approval_missing']);
    // A run still running is counted, its evidence judged once it ends.
    records.runs.push(run('r-live', 'low', { status: 'running', diff_hash: null, github_review_id: null }));
    const live = auditPeriod(records).items.find((i) => i.id === 'r-live')!;
    expect(live).toMatchObject({ acted: true, deficits: [] });
  });

  it('answers null rates for an empty period', () => {
    const audit = auditPeriod({ from, to, prEvents: [], intents: [], runs: [], votes: [], provisioning: [] });
    expect(audit.kpi.link_rate).toEqual({ numerator: 0, denominator: 0, rate: null });
    expect(reportMarkdown(audit, 't')).toContain('n/a (nothing to count)');
  });
});

describe('the period', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it('defaults to the 30 days before now, and reads dates and RFC 3339 times', () => {
    expect(parsePeriod({}, now)).toEqual({ from: new Date('2026-03-01T12:00:00Z'), to: now });
    expect(parsePeriod({ from: '2026-03-01', to: '2026-03-02T00:00:00+01:00' }, now)).toEqual({
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-01T23:00:00Z'),
    });
  });
  it.each([
    [{ from: 'yesterday' }],
    [{ from: '2026-02-30' }],
    [{ from: '2026-03-02', to: '2026-03-01' }],
    [{ from: '2026-03-01', to: '2026-03-01' }],
    [{ from: '2024-01-01', to: '2026-01-01' }],
    [{ to: '1773000000' }],
  ])('refuses %j as invalid_period', (query) => {
    expect(() => parsePeriod(query, now)).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid_period' }),
    );
  });
});

describe('the audit report', () => {
  const hostile =
    '<script>alert(1)</script>\u202Egnp.exe\u0000|x\n# heading "q" \'s\' &amp; [l](javascript:x) \u200B';

  it('escapes every record string in HTML, and shows controls', () => {
    const records = fixture();
    records.intents[0] = { ...records.intents[0]!, purpose: hostile };
    records.runs[0] = {
      ...records.runs[0]!,
      repo_full_name: hostile,
      pr_url: `https://x/"><img src=x onerror=alert(1)>`,
    };
    const page = reportHtml(auditPeriod(records), hostile);
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    for (const c of ['\u0000', '\u200B', '\u202E']) expect(page).not.toContain(c);
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('\\u{202E}gnp.exe\\u{0000}');
    expect(page).toContain("content=\"default-src 'none'");
    // The only tags are the report's own.
    const tags = new Set([...page.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
    expect([...tags].sort()).toEqual(
      [
        'body',
        'h1',
        'h2',
        'head',
        'html',
        'li',
        'meta',
        'p',
        'style',
        'table',
        'tbody',
        'td',
        'th',
        'thead',
        'title',
        'tr',
        'ul',
      ].sort(),
    );
  });

  it('escapes Markdown syntax and keeps each row on one line', () => {
    const records = fixture();
    records.intents[0] = { ...records.intents[0]!, purpose: hostile };
    const text = reportMarkdown(auditPeriod(records), 'acme');
    const row = text.split('\n').find((line) => line.includes('gnp'))!;
    expect(row).toContain('\\<script\\>');
    expect(row).toContain('\\u{000A}\\# heading');
    expect(row).toContain('\\[l\\]\\(javascript:x\\)');
    expect(row.split(/(?<!\\)\|/)).toHaveLength(10);
    for (const c of ['\u0000', '\u200B', '\u202E']) expect(text).not.toContain(c);
    expect(md('a|b')).toBe('a\\|b');
    expect(html('"<&>\'')).toBe('&#34;&#60;&#38;&#62;&#39;');
  });

  it('lists every item with intent, approval and evidence, then the deficits and the metric', () => {
    const text = reportMarkdown(auditPeriod(fixture()), 'acme');
    expect(text).toContain('## AI runs and repository creations (6)');
    expect(text).toContain('## Deficits (4)');
    expect(text).toContain('| Audit success rate | 60.0% (3/5) |');
    expect(text).toContain('not required \\(Low risk\\)');
    expect(text).toContain('approval\\_after\\_the\\_fact');
    expect(text).toContain('did not act');
  });
});
