/**
 * In-process policy decisions per second and latency, uncached (every decision evaluated), in interleaved rounds:
 * the engine as it runs (policies that cannot fail decided by compiled predicates, the rest sliced and asked of
 * Cedar) against the baseline of asking Cedar with the whole set. Three sets, each at 10, 100 and 1,000 policies:
 * - realistic: team guards, tool grants, namespace freezes, agent bans, with values the questions do use;
 * - worst case, none sliced: every policy holds for every question (no guard is false), so none can be left out;
 * - worst case, Cedar only: every policy needs Cedar (a Long comparison is outside what compile.ts decides).
 * Targets (issue 22): at 1,000 policies where none can be sliced away, ≥ 2,000 decisions/s; earlier, ≥ 5,000/s
 * and p99 < 300 µs at 50 realistic policies.
 */
import { readFileSync } from 'node:fs';
import type { StepDecisionInput, StepFacts } from '../src/policy/decision.ts';
import { PolicyEngine } from '../src/policy/engine.ts';
import { type BenchReport, fmt, interleave, median, percentile, seededRandom, spread } from './lib.ts';

const defaults = readFileSync(new URL('../policies/default.cedar', import.meta.url), 'utf8');
const TEAMS = ['payments', 'shop', 'search', 'identity', 'data', 'platform', 'mobile', 'web'];
const NAMESPACES = ['shop', 'payments', 'search', 'identity', 'frozen-1', 'frozen-2'];
const TOOLS = ['k8s.scale', 'k8s.rollout_restart', 'argocd.sync', 'http.request', 'github.create_repository'];
const ROLES = ['agent', 'operator', 'sre', 'payments-operator'];

type SetKind = 'realistic' | 'none sliced' | 'Cedar only';

/** Tenant policies of the kinds people write, over the values questions carry. */
function realistic(i: number): string {
  const team = TEAMS[i % TEAMS.length];
  const tool = TOOLS[i % TOOLS.length];
  const namespace = NAMESPACES[i % NAMESPACES.length];
  switch (i % 4) {
    case 0:
      return `@id("freeze-${i}")
forbid(principal, action, resource) when { resource.namespace == "${namespace}" && resource.environment == "prod" && resource.effect == "destructive" };`;
    case 1:
      return `@id("team-${i}") @tier("high") @quorum("2") @approvers("${team}-lead") @ttl_hours("1")
permit(principal, action == Warrant::Action::"execute_with_approval", resource)
when { resource.teams.contains("${team}") && resource.environment == "prod" };`;
    case 2:
      return `@id("grant-${i}")
permit(principal, action == Warrant::Action::"execute", resource)
when { principal.roles.contains("${ROLES[i % ROLES.length]}") && resource.tool == "${tool}" && resource.risk == "low" };`;
    default:
      return `@id("no-agent-${i}")
forbid(principal, action, resource)
when { principal.type == "agent" && resource.blast_scope == "account" && resource.namespace like "${namespace}*" };`;
  }
}

/** Holds for every question: its guards are true, and what follows them too. */
function noneSliced(i: number): string {
  return i % 2 === 0
    ? `@id("approve-${i}") @tier("medium") @quorum("1") @approvers("team-${i}") @ttl_hours("4")
permit(principal, action == Warrant::Action::"execute_with_approval", resource)
when { resource.effect != "never-${i}" && resource.namespace like "*" && !resource.teams.contains("none-${i}") };`
    : `@id("watch-${i}")
permit(principal, action == Warrant::Action::"execute_with_approval", resource)
when { principal.type != "robot-${i}" && (resource.services.containsAny(["checkout", "cart", "search"]) || resource.tool like "*.*") };`;
}

/** Needs Cedar: the Long comparison is outside the compiled fragment; the guard before it holds. */
function cedarOnly(i: number): string {
  return `@id("cedar-${i}")
forbid(principal, action, resource) when { resource.effect != "never-${i}" && ${i} > 1000000 };`;
}

const makers: Record<SetKind, (i: number) => string> = {
  realistic,
  'none sliced': noneSliced,
  'Cedar only': cedarOnly,
};
const policyText = (kind: SetKind, count: number) =>
  [defaults, ...Array.from({ length: count - 6 }, (_, i) => makers[kind](i))].join('\n\n');

/** Sixteen questions with the values the realistic set tests: some policies survive, some not. */
function questions(): StepDecisionInput[] {
  const random = seededRandom(22);
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: 16 }, (_, i) => {
    const effect = pick(['read', 'write', 'destructive'] as const);
    const step: StepFacts = {
      step_id: `s${i}`,
      tool: pick(TOOLS),
      effect,
      environment: pick(['dev', 'stage', 'prod'] as const),
      namespace: pick(NAMESPACES),
      cluster: 'eu-1',
      risk: pick(['low', 'medium', 'high'] as const),
      blast_scope: pick(['namespace', 'cluster', 'account'] as const),
      services: ['checkout', 'cart'],
      teams: [pick(TEAMS), pick(TEAMS)],
    };
    return {
      policy_version: 'bench',
      actor: { id: `agent-${i % 3}`, type: pick(['agent', 'user'] as const), roles: [pick(ROLES)] },
      plan_id: `plan-${i}`,
      step,
    };
  });
}

interface Round {
  perSecond: number;
  p99: number;
}

const ROUNDS = 5;
const ROUND_MS = Number(process.env.BENCH_POLICY_ROUND_MS ?? 400);
const SIZES = [10, 100, 1_000];

function engineFor(kind: SetKind, count: number, slicing: boolean, cacheSize = 0): PolicyEngine {
  const engine = new PolicyEngine({ cacheSize, slicing });
  const loaded = engine.load('bench', policyText(kind, count));
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors).slice(0, 500));
  return engine;
}

/** Decisions for ROUND_MS, one at a time, the questions in rotation. */
function measure(engine: PolicyEngine, asked: readonly StepDecisionInput[]): Round {
  const samples: number[] = [];
  const started = performance.now();
  let now = started;
  for (let i = 0; now - started < ROUND_MS; i++) {
    const t0 = performance.now();
    engine.decideStep(asked[i % asked.length]!);
    now = performance.now();
    samples.push((now - t0) * 1_000);
  }
  return { perSecond: samples.length / ((now - started) / 1_000), p99: percentile(samples, 99) };
}

export async function run(): Promise<BenchReport> {
  const asked = questions();
  const rows: string[] = [];
  const headline: Record<string, { engine: Round[]; whole: Round[] }> = {};
  for (const kind of Object.keys(makers) as SetKind[]) {
    for (const count of SIZES) {
      const engines = { engine: engineFor(kind, count, true), whole: engineFor(kind, count, false) };
      // Same answers, or the comparison means nothing.
      for (const q of asked)
        if (JSON.stringify(engines.engine.decideStep(q)) !== JSON.stringify(engines.whole.decideStep(q)))
          throw new Error(`${kind} at ${count}: the engine and Cedar with the whole set disagree`);
      const result = await interleave(ROUNDS, {
        engine: async () => measure(engines.engine, asked),
        whole: async () => measure(engines.whole, asked),
      });
      headline[`${kind}|${count}`] = result;
      const ratios = result.engine.map((r, i) => r.perSecond / result.whole[i]!.perSecond);
      rows.push(
        `| ${kind} | ${fmt(count, 0)} | ${spread(
          result.engine.map((r) => r.perSecond),
          0,
        )} | ` +
          `${spread(
            result.whole.map((r) => r.perSecond),
            0,
          )} | ${spread(ratios)}× | ` +
          `${fmt(median(result.engine.map((r) => r.p99)), 0)} | ${fmt(median(result.whole.map((r) => r.p99)), 0)} |`,
      );
      console.log(rows.at(-1));
    }
  }
  const cached = engineFor('realistic', 50, true, 10_000);
  for (const q of asked) cached.decideStep(q);
  const hits = await interleave(ROUNDS, { hit: async () => measure(cached, asked) });
  const at = (kind: SetKind) => median(headline[`${kind}|1000`]!.engine.map((r) => r.perSecond));
  const met = (value: number) => (value >= 2_000 ? 'met' : '**not met**');
  const markdown = [
    `Decisions in process, one at a time, sixteen questions in rotation, uncached; ${ROUNDS} interleaved rounds of`,
    `${ROUND_MS} ms per variant (engine, whole set, engine, whole set, …): median (min–max) of the rounds.`,
    '"Engine" is what Warrant runs: policies that cannot fail decided by predicates compiled at load (compile.ts),',
    'the rest sliced by their guards and asked of Cedar. "Whole set" asks Cedar with every policy: the baseline.',
    'Both give the same answer to every question (checked before measuring).',
    '',
    '| policy set | policies | engine decisions/s | whole set decisions/s | engine ÷ whole | engine p99 µs | whole p99 µs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Decision cache hit (the same question again, 50 realistic policies): ${spread(
      hits.hit.map((r) => r.perSecond),
      0,
    )} decisions/s, p99 ${fmt(median(hits.hit.map((r) => r.p99)), 1)} µs.`,
    '',
    `Target, 1,000 policies none of which can be sliced away, ≥ 2,000 decisions/s: ${fmt(at('none sliced'), 0)}/s,`,
    `${met(at('none sliced'))}. The worst case beside it: 1,000 policies that each need Cedar (outside the compiled`,
    `fragment) run at ${fmt(at('Cedar only'), 0)}/s (${met(at('Cedar only'))}); that is Cedar's own cost of ≈ ${fmt(
      1e6 / at('Cedar only') / 1_000,
      1,
    )} µs`,
    'per policy in wasm, which slicing can only avoid when a guard is false.',
  ].join('\n');
  return {
    id: 'policy',
    title: 'Policy decisions (Cedar and compiled predicates, 10 → 1,000 policies)',
    markdown,
  };
}
