// The self-check's one read of its own: every tenant's tree head (the rest it reads through the other stores).
import { asc } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { auditHeads as h } from './tables.ts';

export function listHeads(exec: Executor) {
  return exec
    .select({ tenant_id: h.tenant_id, size: h.size, root: h.root })
    .from(h)
    .orderBy(asc(h.tenant_id));
}
