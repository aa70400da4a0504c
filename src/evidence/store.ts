import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type AgentEvidenceRecord, agentEvidence } from './tables.ts';

export async function insertAgentEvidence(tx: Executor, row: AgentEvidenceRecord): Promise<void> {
  await tx.insert(agentEvidence).values(row);
}

/** The evidence agents attached to a plan, oldest first. */
export async function listAgentEvidence(
  tx: Executor,
  tenantId: string,
  planId: string,
): Promise<AgentEvidenceRecord[]> {
  return tx
    .select()
    .from(agentEvidence)
    .where(and(eq(agentEvidence.tenant_id, tenantId), eq(agentEvidence.plan_id, planId)))
    .orderBy(asc(agentEvidence.collected_at), asc(agentEvidence.id));
}
