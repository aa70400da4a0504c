/**
 * In-process policy decisions per second and latency with 50 policies loaded (target: >= 5,000/s,
 * p99 < 300 µs): through Cedar asked with the policies that survive the step's guards, through Cedar asked
 * with the whole set (the baseline slicing is compared with), and answered from the engine's decision cache.
 */
import { readFileSync } from 'node:fs';
import type { StepDecisionInput, StepFacts } from '../src/policy/decision.ts';
import { PolicyEngine, type PolicyEngineOptions } from '../src/policy/engine.ts';
import { type BenchReport, fmt } from './lib.ts';

const defaults = readFileSync(new URL('../policies/default.cedar', import.meta.url), 'utf8');
const TEAMS = ['payments', 'shop', 'search', 'identity', 'data', 'platform', 'mobile', 'web'];
const TOOLS = ['k8s.scale', 'k8s.rollout_restart', 'argocd.sync', 'http.request', 'github.create_repository'];

/** Tenant policies of the kinds people write: team guards, tool guards, role grants, namespace freezes. */
function tenantPolicies(count: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const team = TEAMS[i % TEAMS.length];
    const tool = TOOLS[i % TOOLS.length];
    switch (i % 4) {
      case 0:
        out.push(`@id("freeze-ns-${i}")
forbid(principal, action, resource) when { resource.namespace == "frozen-${i}" && resource.effect != "read" };`);
        break;
      case 1:
        out.push(`@id("team-${team}-${i}") @tier("high") @quorum("2") @approvers("${team}-lead") @ttl_hours("1")
permit(principal, action == Warrant::Action::"execute_with_approval", resource)
when { resource.teams.contains("${team}-${i}") && resource.environment == "prod" };`);
        break;
      case 2:
        out.push(`@id("grant-${tool}-${i}")
permit(principal, action == Warrant::Action::"execute", resource)
when { principal.roles.contains("operator-${i}") && resource.tool == "${tool}" && resource.risk != "high" };`);
        break;
      default:
        out.push(`@id("no-agent-${i}")
forbid(principal, action, resource)
when { principal.type == "agent" && resource.cluster == "restricted-${i}" && resource.blast_scope == "account" };`);
    }
  }
  return out.join('\n\n');
}

const text = `${defaults}\n\n${tenantPolicies(50 - 6)}`;

const step = (effect: StepFacts['effect'], environment: StepFacts['environment']): StepFacts => ({
  step_id: 's1',
  tool: 'k8s.scale',
  effect,
  environment,
  namespace: 'shop',
  cluster: 'eu-1',
  risk: effect === 'destructive' ? 'high' : 'medium',
  blast_scope: 'namespace',
  services: ['checkout', 'cart'],
  teams: ['payments', 'shop'],
});
// A mix of outcomes: allow, require approval (one and two approvers).
const inputs: StepDecisionInput[] = (
  [
    ['read', 'prod'],
    ['write', 'dev'],
    ['write', 'prod'],
    ['destructive', 'prod'],
  ] as const
).map(([effect, env]) => ({
  policy_version: 'bench',
  actor: { id: 'agent-1', type: 'agent', roles: ['agent', 'operator-2'] },
  plan_id: 'plan-1',
  step: step(effect, env),
}));

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  policies: number;
}

function measure(options: PolicyEngineOptions): Measured {
  const engine = new PolicyEngine(options);
  const loaded = engine.load('bench', text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  for (let i = 0; i < 2_000; i++) engine.decideStep(inputs[i % inputs.length]!);
  const n = Number(process.env.BENCH_DECISIONS ?? 20_000);
  const samples = new Float64Array(n);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    engine.decideStep(inputs[i % inputs.length]!);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1_000;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  samples.sort();
  const pct = (p: number) => samples[Math.min(n - 1, Math.floor((p / 100) * n))]!;
  return { perSecond: n / seconds, p50: pct(50), p99: pct(99), policies: loaded.policies.length };
}

const TARGET_PER_SECOND = 5_000;
const TARGET_P99_US = 300;

export async function run(): Promise<BenchReport> {
  const rows = [
    ['Cedar, uncached (every decision evaluated), sliced', measure({ cacheSize: 0 })],
    ['Cedar, uncached, whole set (no slicing: the baseline)', measure({ cacheSize: 0, slicing: false })],
    ['decision cache hit (same question again)', measure({ cacheSize: 10_000 })],
  ] as const;
  const [sliced, whole] = [rows[0][1], rows[1][1]];
  const markdown = [
    `${sliced.policies} policies loaded; step decisions in process, one at a time, four questions in rotation.`,
    '',
    '| path | decisions/s | ÷ 5,000/s target | p50 µs | p99 µs | 300 µs target ÷ p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, m]) =>
        `| ${name} | ${fmt(m.perSecond, 0)} | ${fmt(m.perSecond / TARGET_PER_SECOND)}× | ${fmt(m.p50, 1)} | ` +
        `${fmt(m.p99, 1)} | ${fmt(TARGET_P99_US / m.p99)}× |`,
    ),
    '',
    'A ratio ≥ 1 meets the target.',
    `Slicing gives ${fmt(sliced.perSecond / whole.perSecond)}× the whole set's decisions/s, with a p99`,
    `${fmt(whole.p99 / sliced.p99)}× lower: Cedar is asked with only the policies whose leading guards (string`,
    'comparisons of actor and step attributes) hold for the step, pre-parsed once per distinct set of survivors',
    '(256 kept at most; a new one costs a pre-parse). The 50 policies read nearly every attribute; for each of these',
    'four questions one of them survives.',
    'The cache is keyed by the policy set hash, the attributes the set reads from the actor and step (and their ids',
    'when a policy names an entity); the uncached row is what a new question costs.',
  ].join('\n');
  return { id: 'policy', title: 'Policy decisions (Cedar, 50 policies)', markdown };
}
