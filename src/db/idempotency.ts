import { sql } from 'drizzle-orm';
import { Problem } from '../core/problem.ts';
import { canonicalHash } from '../plans/content-hash.ts';
import { type Executor, rowsOf } from './connect.ts';

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
  const claimed = rowsOf(
    await tx.execute(sql`
      INSERT INTO idempotency_keys (tenant_id, actor_id, key, route, request_hash, status_code, response)
      VALUES (${scope.tenant_id}, ${scope.actor_id}, ${scope.key}, ${scope.route}, ${requestHash}, 0, '{}'::jsonb)
      ON CONFLICT DO NOTHING RETURNING key`),
  );
  if (claimed.length === 0) {
    const [stored] = rowsOf<{ route: string; request_hash: string; status_code: number; response: T }>(
      await tx.execute(sql`
        SELECT route, request_hash, status_code, response FROM idempotency_keys
        WHERE tenant_id = ${scope.tenant_id} AND actor_id = ${scope.actor_id} AND key = ${scope.key}`),
    );
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
  await tx.execute(sql`
    UPDATE idempotency_keys SET status_code = ${result.status}, response = ${JSON.stringify(result.body)}::jsonb
    WHERE tenant_id = ${scope.tenant_id} AND actor_id = ${scope.actor_id} AND key = ${scope.key}`);
  return { ...result, replayed: false };
}
