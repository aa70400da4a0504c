/**
 * Policy decisions per second and latency with 50 policies loaded (target: >= 5,000/s, p99 < 300 µs).
 * Run: npx node bench/policy.bench.ts
 */
import { readFileSync } from 'node:fs';
import type { StepDecisionInput, StepFacts } from '../src/policy/decision.ts';
import { PolicyEngine } from '../src/policy/engine.ts';

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
const engine = new PolicyEngine();
const loaded = engine.load('bench', text);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));

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
// A mix of outcomes: one Cedar call (allow) and two (require approval).
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

for (let i = 0; i < 2_000; i++) engine.decideStep(inputs[i % inputs.length]!);

const N = 20_000;
const samples = new Float64Array(N);
const started = process.hrtime.bigint();
for (let i = 0; i < N; i++) {
  const t0 = process.hrtime.bigint();
  engine.decideStep(inputs[i % inputs.length]!);
  samples[i] = Number(process.hrtime.bigint() - t0) / 1_000;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
samples.sort();
const pct = (p: number) => samples[Math.min(N - 1, Math.floor((p / 100) * N))]!.toFixed(0);
const policies = loaded.policies.length;
console.log(
  `policy: ${policies} policies, ${N} step decisions: ${Math.round(N / seconds)}/s, ` +
    `p50 ${pct(50)} µs, p99 ${pct(99)} µs, max ${samples[N - 1]!.toFixed(0)} µs`,
);
