import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWarrant } from '../app.ts';
import { verifyExport } from '../audit/verify-export.ts';
import { configSchema } from '../config/schema.ts';
import { createLogger } from '../core/logger.ts';
import { connect } from '../db/connect.ts';
import { migrate } from '../db/migrate.ts';
import { riskyPlan, seedDemo } from '../demo/seed.ts';
import { type ApiError, api, type ClientSettings, request } from './client.ts';

const say = (text: string) => process.stdout.write(`${text}\n`);
const step = (n: number, text: string) => say(`\n[${n}/7] ${text}`);

interface Plan {
  id: string;
  status: string;
  decision: {
    effect: string;
    risk: { level: string; reasons: string[] };
    requirement?: { quorum: number; tier: string };
  };
}
interface Run {
  id: string;
  status: string;
  steps: {
    step_id: string;
    status: string;
    error: { message: string } | null;
    evidence: { type: string; sha256: string }[];
  }[];
}

/**
 * `warrant demo`: the whole story in the terminal, on a throwaway embedded database and the simulated
 * cluster, through the real HTTP API as an agent and two approvers would use it. Exits 0 when it ends well.
 */
export async function demo(): Promise<boolean> {
  const home = mkdtempSync(join(tmpdir(), 'warrant-demo-'));
  const db = await connect({});
  await migrate(db.orm);
  const config = configSchema.parse({ connectors: { simulated: { enabled: true, latency_ms: 150 } } });
  const warrant = await createWarrant({ config, db, home, logger: createLogger({ level: 'silent' }) });
  try {
    const boot = (await warrant.tenancy.bootstrap())!;
    const keys = await seedDemo(warrant, boot.token);
    await warrant.server.listen({ host: '127.0.0.1', port: 0 });
    warrant.startBackground();
    await warrant.startWorker({ leaseSeconds: 10, reconcileMs: 500 });
    const url = `http://127.0.0.1:${(warrant.server.server.address() as AddressInfo).port}`;
    const as = (apiKey: string): ClientSettings => ({ url, apiKey });

    step(1, 'An agent proposes a risky change in prod');
    const plan = await api<Plan>(as(keys.agent), 'POST', '/v1/plans', riskyPlan);
    say(`  plan ${plan.id}: ${riskyPlan.summary}`);
    for (const reason of plan.decision.risk.reasons) say(`  risk: ${reason}`);

    step(2, 'Policy decides');
    const requirement = plan.decision.requirement;
    say(
      `  ${plan.decision.effect}: ${requirement?.quorum} approvals (${requirement?.tier} tier), risk ${plan.decision.risk.level}`,
    );
    const self = await api(as(keys.agent), 'POST', `/v1/plans/${plan.id}/approvals`, {
      decision: 'approve',
    }).then(
      () => undefined,
      (error: unknown) => error as ApiError,
    );
    say(`  the agent tries to approve its own plan: refused, ${self?.status} ${self?.code}`);

    step(3, 'Two approvers approve');
    await api(as(keys.alice), 'POST', `/v1/plans/${plan.id}/approvals`, {
      decision: 'approve',
      comment: 'error rate confirms it',
    });
    say('  alice approved (1 of 2)');
    const approved = await api<{ plan: Plan }>(as(keys.bob), 'POST', `/v1/plans/${plan.id}/approvals`, {
      decision: 'approve',
      comment: 'go',
    });
    say(`  bob approved (2 of 2): plan is ${approved.plan.status}`);

    step(4, 'The run executes against the simulated cluster');
    const started = await api<{ id: string }>(as(keys.agent), 'POST', `/v1/plans/${plan.id}/runs`);
    let run: Run;
    const seen = new Map<string, string>();
    for (;;) {
      run = await api<Run>(as(keys.agent), 'GET', `/v1/runs/${started.id}`);
      for (const s of run.steps) {
        if (seen.get(s.step_id) !== s.status) {
          seen.set(s.step_id, s.status);
          say(`  ${s.step_id}: ${s.status}${s.error ? ` — ${s.error.message}` : ''}`);
        }
      }
      if (['succeeded', 'failed', 'rolled_back', 'cancelled'].includes(run.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    step(5, 'One step failed, so the completed one was rolled back');
    say(`  run ${run.id} ended ${run.status}`);

    step(6, 'Evidence is kept as references and SHA-256 hashes');
    for (const s of run.steps)
      for (const e of s.evidence) say(`  ${s.step_id}: ${e.type} evidence sha256 ${e.sha256.slice(0, 16)}…`);

    step(7, 'The audit log is exported and verified offline');
    await warrant.audit.integrateNow();
    const exported = await request(as(boot.token), 'GET', '/v1/audit/export');
    const lines = (await exported.text()).split('\n').filter(Boolean);
    const verdict = await verifyExport(lines, warrant.audit.verifierKey);
    say(`  ${verdict.events} events, checkpoint size ${verdict.checkpointSize}: ${verdict.status}`);

    const ok = run.status === 'rolled_back' && verdict.status === 'ok' && self?.code === 'self_approval';
    say(
      ok
        ? '\nThe story ended well: nothing ran without a warrant, and the log proves it.'
        : '\nThe demo did not end as expected.',
    );
    return ok;
  } finally {
    await warrant.close();
    await db.close();
    rmSync(home, { recursive: true, force: true });
  }
}
