import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGitHubState, startFakeGitHub } from '../../test/fakes/github.ts';
import type { FakeServer } from '../../test/fakes/server.ts';
import type { CallContext } from './connector.ts';
import { GitHubConnector } from './github.ts';

let fake: FakeServer<FakeGitHubState>;
let github: GitHubConnector;
const ctx = (key: string): CallContext => ({
  idempotencyKey: key,
  signal: new AbortController().signal,
  heartbeat() {},
});

beforeEach(async () => {
  fake = await startFakeGitHub({ token: 'gh-token' });
  github = new GitHubConnector({ apiUrl: fake.url, token: 'gh-token' });
});
afterEach(() => fake.close());

describe('github.create_repository', () => {
  it('creates an org repository, sending the idempotency key', async () => {
    const result = await github.call(
      'github.create_repository',
      { owner: 'acme', name: 'payments', private: true, description: 'Payments' },
      ctx('g1'),
    );
    expect(result.output).toMatchObject({
      full_name: 'acme/payments',
      private: true,
      created: true,
      default_branch: 'main',
    });
    expect(result.link).toBe('https://github.example/acme/payments');
    const post = fake.calls.find((c) => c.method === 'POST')!;
    expect(post.path).toBe('/orgs/acme/repos');
    expect(post.idempotencyKey).toBe('g1');
    expect(post.headers.authorization).toBe('token gh-token');
  });

  it("creates under /user/repos for the token's own login", async () => {
    await github.call('github.create_repository', { owner: 'warrant-bot', name: 'notes' }, ctx('g2'));
    expect(fake.calls.find((c) => c.method === 'POST')?.path).toBe('/user/repos');
    expect(fake.state.repos.has('warrant-bot/notes')).toBe(true);
  });

  it('recognizes the repository a retried call already created', async () => {
    const input = { owner: 'acme', name: 'payments' };
    await github.call('github.create_repository', input, ctx('same'));
    // A different key: the fake does not replay, so GitHub's 422 "already exists" path is taken.
    const retried = await github.call('github.create_repository', input, ctx('other'));
    expect(retried.output).toMatchObject({ full_name: 'acme/payments', created: false });
    expect(fake.state.repos.size).toBe(1);
  });

  it('maps a 500 to a retryable error and a bad token to unauthorized', async () => {
    fake.fail({ status: 500, method: 'POST' });
    await expect(
      github.call('github.create_repository', { owner: 'acme', name: 'x' }, ctx('g3')),
    ).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
    });
    const stranger = new GitHubConnector({ apiUrl: fake.url, token: 'nope' });
    await expect(
      stranger.call('github.create_repository', { owner: 'acme', name: 'y' }, ctx('g4')),
    ).rejects.toMatchObject({
      code: 'unauthorized',
    });
  });
});

describe('git evidence', () => {
  it('reads a pull request', async () => {
    fake.state.pulls.set('acme/shop#12', {
      number: 12,
      title: 'Fix checkout',
      state: 'closed',
      merged: true,
      merged_at: '2026-02-01T12:00:00Z',
      head: { ref: 'fix', sha: 'a'.repeat(40) },
      base: { ref: 'main', sha: 'b'.repeat(40) },
    });
    const evidence = await github.collect({ type: 'git', query: 'acme/shop#12' }, ctx('e'));
    expect(evidence.result).toEqual({
      repository: 'acme/shop',
      number: 12,
      title: 'Fix checkout',
      state: 'closed',
      merged: true,
      merged_at: '2026-02-01T12:00:00Z',
      head_ref: 'fix',
      head_sha: 'a'.repeat(40),
      base_ref: 'main',
      base_sha: 'b'.repeat(40),
    });
    expect(evidence.link).toBe('https://github.example/acme/shop/pull/12');
    await expect(github.collect({ type: 'git', query: 'acme/shop#99' }, ctx('e'))).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(github.collect({ type: 'git', query: 'shop' }, ctx('e'))).rejects.toMatchObject({
      code: 'bad_query',
    });
  });
});

describe('pull request reviews', () => {
  it('lists every review of a pull request, following the pages', async () => {
    fake.state.pulls.set('acme/shop#3', {
      number: 3,
      title: 'Add cache',
      state: 'open',
      merged: false,
      merged_at: null,
      head: { ref: 'cache', sha: 'c'.repeat(40) },
      base: { ref: 'main', sha: 'b'.repeat(40) },
    });
    const ref = { owner: 'acme', repo: 'shop' };
    const posted = await github.createReview(ref, 3, { commit_id: 'c'.repeat(40), body: 'first' }, 'r1');
    // More than one page of 100, as a busy pull request has.
    for (let i = 0; i < 150; i++) {
      fake.state.reviews.push({
        id: 5000 + i,
        pull: 'acme/shop#3',
        commit_id: 'c'.repeat(40),
        body: `note ${i}`,
        event: 'COMMENT',
      });
    }
    const reviews = await github.listReviews(ref, 3);
    expect(reviews).toHaveLength(151);
    expect(reviews[0]).toEqual({ id: posted.id, body: 'first' });
    expect(reviews.at(-1)).toEqual({ id: 5149, body: 'note 149' });
    expect(fake.calls.filter((c) => c.method === 'GET' && c.path.endsWith('/pulls/3/reviews'))).toHaveLength(
      2,
    );
    await expect(github.listReviews(ref, 99)).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('pull requests: github.pr_create, github.pr_merge, github.pr_status', () => {
  const repo = { owner: 'acme', repo: 'shop' };

  it('opens one pull request however often the call is retried, and closes it to roll back', async () => {
    const input = { ...repo, head: 'bump-checkout', base: 'main', title: 'Bump checkout to v43' };
    const opened = await github.call('github.pr_create', input, ctx('p1'));
    expect(opened.output).toMatchObject({
      head: 'bump-checkout',
      base: 'main',
      state: 'open',
      created: true,
    });
    // A retry with another key (the fake replays none): found open, not opened twice.
    const again = await github.call('github.pr_create', input, ctx('p2'));
    expect(again.output).toMatchObject({ number: opened.output.number, created: false });
    expect([...fake.state.pulls.values()].filter((p) => p.state === 'open')).toHaveLength(1);
    expect(fake.calls.find((c) => c.method === 'POST')?.idempotencyKey).toBe('p1');

    const undone = await github.undo('github.pr_create', input, opened.output, ctx('p3'));
    expect(undone.output).toEqual({ number: opened.output.number, state: 'closed' });
  });

  it('merges only at the approved head commit; a moved branch is refused; merged once', async () => {
    const opened = await github.call(
      'github.pr_create',
      { ...repo, head: 'fix-cart', base: 'main', title: 'Fix cart' },
      ctx('m1'),
    );
    const { number, head_sha: sha } = opened.output as { number: number; head_sha: string };
    fake.state.statuses.set(sha, [{ state: 'success', context: 'ci/tests' }]);
    const status = await github.call('github.pr_status', { ...repo, number }, ctx('m2'));
    expect(status.output).toMatchObject({ state: 'open', merged: false, checks: 'success', head_sha: sha });

    await expect(
      github.call('github.pr_merge', { ...repo, number, sha: 'f'.repeat(40) }, ctx('m3')),
    ).rejects.toMatchObject({ code: 'head_moved' });
    expect(fake.state.pulls.get(`acme/shop#${number}`)?.merged).toBe(false);

    const merged = await github.call(
      'github.pr_merge',
      { ...repo, number, sha, merge_method: 'squash' },
      ctx('m4'),
    );
    expect(merged.output).toMatchObject({ number, merged: true, merged_now: true, head_sha: sha });
    const put = fake.calls.find((c) => c.method === 'PUT');
    expect(put?.body).toMatchObject({ sha, merge_method: 'squash' });
    const twice = await github.call('github.pr_merge', { ...repo, number, sha }, ctx('m5'));
    expect(twice.output).toMatchObject({ merged: true, merged_now: false });
    await expect(
      github.undo('github.pr_merge', { ...repo, number, sha }, merged.output, ctx('m6')),
    ).rejects.toMatchObject({
      code: 'not_undoable',
    });
  });
});
