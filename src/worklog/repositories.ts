import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, forbidden, notFound } from '../core/problem.ts';
import { iso } from '../core/time.ts';
import { type Executor, type Orm, rowsOf } from '../db/connect.ts';
import { type Actor, hasRole } from '../tenancy/roles.ts';
import type { ConnectRepositorySchema } from './schemas.ts';

export interface RepositoryRow {
  id: string;
  tenant_id: string;
  owner_id: string;
  full_name: string;
  sensitivity: 'normal' | 'high';
  connection_status: 'connected' | 'disconnected';
  webhook_status: 'pending' | 'active';
  last_delivery_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export const repositoryView = (row: RepositoryRow) => ({
  id: row.id,
  full_name: row.full_name,
  owner_id: row.owner_id,
  sensitivity: row.sensitivity,
  connection_status: row.connection_status,
  webhook_status: row.webhook_status,
  last_delivery_at: iso(row.last_delivery_at),
  created_at: iso(row.created_at),
  updated_at: iso(row.updated_at),
});

const mayConnect = (actor: Actor) => {
  if (!hasRole(actor, 'admin', 'operator', 'approver', 'agent')) {
    throw forbidden('connecting repositories needs the admin, operator, approver or agent role');
  }
};

/** The repository a delivery names, in the one tenant that has it connected. */
export async function findConnected(tx: Executor, fullName: string): Promise<RepositoryRow | undefined> {
  const [row] = rowsOf<RepositoryRow>(
    await tx.execute(sql`
      SELECT * FROM worklog_repositories WHERE lower(full_name) = lower(${fullName}) AND connection_status = 'connected'`),
  );
  return row;
}

/** Seed 000's repositories: connected per user, one tenant per repository at a time. */
export class RepositoryService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  constructor(orm: Orm, clock: Clock) {
    this.#orm = orm;
    this.#clock = clock;
  }

  async connect(actor: Actor, input: z.output<typeof ConnectRepositorySchema>) {
    mayConnect(actor);
    const now = this.#clock.now().toISOString();
    return this.#orm.transaction(async (tx) => {
      const taken = await findConnected(tx, input.full_name);
      if (taken) {
        // Said the same way whichever tenant holds it, so nothing is learnt about another tenant.
        throw conflict(`${input.full_name} is already connected`, 'repository_connected');
      }
      const [row] = rowsOf<RepositoryRow>(
        await tx.execute(sql`
          INSERT INTO worklog_repositories (id, tenant_id, owner_id, full_name, sensitivity, connection_status,
                                            webhook_status, created_at, updated_at)
          VALUES (${newId()}, ${actor.tenant_id}, ${actor.id}, ${input.full_name}, ${input.sensitivity}, 'connected',
                  'pending', ${now}, ${now})
          ON CONFLICT (tenant_id, full_name) DO UPDATE SET owner_id = EXCLUDED.owner_id,
            sensitivity = EXCLUDED.sensitivity, connection_status = 'connected', updated_at = EXCLUDED.updated_at
          RETURNING *`),
      );
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'worklog.repository.connected',
        occurred_at: new Date(now),
        context: { repository_id: row!.id, full_name: input.full_name, sensitivity: input.sensitivity },
      });
      return repositoryView(row!);
    });
  }

  async list(actor: Actor) {
    const rows = rowsOf<RepositoryRow>(
      await this.#orm.execute(sql`
        SELECT * FROM worklog_repositories WHERE tenant_id = ${actor.tenant_id} AND connection_status = 'connected'
        ORDER BY full_name`),
    );
    return rows.map(repositoryView);
  }

  async get(actor: Actor, id: string, tx: Executor = this.#orm): Promise<RepositoryRow> {
    if (!isUuid(id)) throw notFound(`repository ${id}`);
    const [row] = rowsOf<RepositoryRow>(
      await tx.execute(
        sql`SELECT * FROM worklog_repositories WHERE id = ${id} AND tenant_id = ${actor.tenant_id}`,
      ),
    );
    if (!row) throw notFound(`repository ${id}`);
    return row;
  }

  /** A connected repository of the caller's tenant, by name (CI status, …). */
  async byName(actor: Actor, fullName: string): Promise<RepositoryRow> {
    const row = await findConnected(this.#orm, fullName);
    if (!row || row.tenant_id !== actor.tenant_id) throw notFound(`repository ${fullName}`);
    return row;
  }

  /** Disconnects; the row stays, so past pr-events and cards remain traceable to it. */
  async disconnect(actor: Actor, id: string): Promise<void> {
    await this.#orm.transaction(async (tx) => {
      const row = await this.get(actor, id, tx);
      if (row.owner_id !== actor.id && !hasRole(actor, 'admin')) {
        throw forbidden('only the user who connected the repository, or an admin, may disconnect it');
      }
      if (row.connection_status === 'disconnected') return;
      const now = this.#clock.now();
      await tx.execute(sql`
        UPDATE worklog_repositories SET connection_status = 'disconnected', updated_at = ${now.toISOString()}
        WHERE id = ${id}`);
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'worklog.repository.disconnected',
        occurred_at: now,
        context: { repository_id: id, full_name: row.full_name },
      });
    });
  }
}
