import { and, eq, sql } from 'drizzle-orm';
import { canonicalHash } from '../core/hash.ts';
import { Problem } from '../core/problem.ts';
import type { Executor } from './connect.ts';
import { idempotencyKeys } from './tables.ts';

export interface IdempotencyScope {
  tenant_id: string;
  actor_id: string;
  route: string;
  /** The Idempotency-Key header; absent means no replay protection was asked for. */
  key: string | undefined;
}

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Runs `work` once per (tenant, actor, key) inside the caller's transaction. The key row is claimed
 * first, so a concurrent duplicate waits on it and then replays the stored answer instead of doing
 * the work twice. The same key with a different request is refused.
 */
export async function idempotent<T>(
  tx: Executor,
  scope: IdempotencyScope,
  request: unknown,
  work: () => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  if (!scope.key) return { ...(await work()), replayed: false };
  if (scope.key.length > 200)
    throw new Problem(400, 'validation_failed', 'Idempotency-Key is longer than 200 characters');
  const requestHash = canonicalHash({ route: scope.route, request });
  const where = and(
    eq(idempotencyKeys.tenant_id, scope.tenant_id),
    eq(idempotencyKeys.actor_id, scope.actor_id),
    eq(idempotencyKeys.key, scope.key),
  );
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ ...scope, key: scope.key, request_hash: requestHash, status_code: 0, response: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [stored] = await tx
      .select({
        request_hash: idempotencyKeys.request_hash,
        status_code: idempotencyKeys.status_code,
        // What `work` answered for this very request (same route and request hash).
        response: sql<T>`${idempotencyKeys.response}`,
      })
      .from(idempotencyKeys)
      .where(where);
    if (!stored || stored.request_hash !== requestHash) {
      throw new Problem(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different request',
      );
    }
    return { status: stored.status_code, body: stored.response, replayed: true };
  }
  const result = await work();
  await tx.update(idempotencyKeys).set({ status_code: result.status, response: result.body }).where(where);
  return { ...result, replayed: false };
}
