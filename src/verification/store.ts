import { and, asc, desc, eq, inArray, lt, ne } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type VerificationRunRecord, verificationRuns } from './tables.ts';

const ACTIVE: VerificationRunRecord['status'][] = ['queued', 'running'];

export async function insertVerification(
  tx: Executor,
  row: Pick<
    VerificationRunRecord,
    | 'id'
    | 'tenant_id'
    | 'run_id'
    | 'flow'
    | 'run_identity_hash'
    | 'status'
    | 'outcome'
    | 'user_id'
    | 'created_at'
    | 'started_at'
  >,
): Promise<void> {
  await tx.insert(verificationRuns).values(row);
}

/** The active verification of a run identity, if there is one. */
export async function findActiveVerification(
  tx: Executor,
  tenantId: string,
  identityHash: string,
): Promise<{ id: string } | undefined> {
  const [row] = await tx
    .select({ id: verificationRuns.id })
    .from(verificationRuns)
    .where(
      and(
        eq(verificationRuns.tenant_id, tenantId),
        eq(verificationRuns.run_identity_hash, identityHash),
        inArray(verificationRuns.status, ACTIVE),
      ),
    );
  return row;
}

/** Active verifications of a run identity started before `before`, locked. */
export async function lockStaleVerifications(
  tx: Executor,
  tenantId: string,
  identityHash: string,
  before: Date,
): Promise<VerificationRunRecord[]> {
  return tx
    .select()
    .from(verificationRuns)
    .where(
      and(
        eq(verificationRuns.tenant_id, tenantId),
        eq(verificationRuns.run_identity_hash, identityHash),
        inArray(verificationRuns.status, ACTIVE),
        lt(verificationRuns.started_at, before),
      ),
    )
    .for('update');
}

/** A verification not completed yet, locked; nothing when it is completed or gone. */
export async function lockOpenVerification(
  tx: Executor,
  id: string,
): Promise<VerificationRunRecord | undefined> {
  const [row] = await tx
    .select()
    .from(verificationRuns)
    .where(and(eq(verificationRuns.id, id), ne(verificationRuns.status, 'completed')))
    .for('update');
  return row;
}

export async function completeVerification(
  tx: Executor,
  id: string,
  end: Pick<VerificationRunRecord, 'outcome' | 'completed_at' | 'summary_counts' | 'failure_summary'>,
): Promise<void> {
  await tx
    .update(verificationRuns)
    .set({ status: 'completed', ...end })
    .where(eq(verificationRuns.id, id));
}

/** A run's latest verification. */
export async function latestVerification(
  tx: Executor,
  runId: string,
): Promise<VerificationRunRecord | undefined> {
  const [row] = await tx
    .select()
    .from(verificationRuns)
    .where(eq(verificationRuns.run_id, runId))
    .orderBy(desc(verificationRuns.created_at), asc(verificationRuns.id))
    .limit(1);
  return row;
}
