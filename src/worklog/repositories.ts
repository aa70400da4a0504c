import type { z } from 'zod';
import { appendAudit } from '../audit/append.ts';
import type { Clock } from '../core/clock.ts';
import { isUuid, newId } from '../core/ids.ts';
import { conflict, forbidden, notFound } from '../core/problem.ts';
import { type Actor, hasRole } from '../core/roles.ts';
import { iso } from '../core/time.ts';
import type { Executor, Orm } from '../db/connect.ts';
import type { ConnectRepositorySchema } from './schemas.ts';
import {
  connectedRepositories,
  connectRepository,
  disconnectRepository,
  findConnected,
  findRepository,
} from './store.ts';
import type { WorklogRepositoryRecord } from './tables.ts';

export const repositoryView = (row: WorklogRepositoryRecord) => ({
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

/** Seed 000's repositories: connected per user; each tenant connects its own (several may connect one). */
export class RepositoryService {
  readonly #orm: Orm;
  readonly #clock: Clock;
  constructor(deps: { orm: Orm; clock: Clock }) {
    this.#orm = deps.orm;
    this.#clock = deps.clock;
  }

  async connect(actor: Actor, input: z.output<typeof ConnectRepositorySchema>) {
    mayConnect(actor);
    const now = this.#clock.now();
    return this.#orm.transaction(async (tx) => {
      // Only the caller's own tenant is looked at: whether another tenant connected it is not this one's business.
      if (await findConnected(tx, actor.tenant_id, input.full_name)) {
        throw conflict(`${input.full_name} is already connected`, 'repository_connected');
      }
      const row = await connectRepository(tx, {
        id: newId(),
        tenant_id: actor.tenant_id,
        owner_id: actor.id,
        full_name: input.full_name,
        sensitivity: input.sensitivity,
        connection_status: 'connected',
        webhook_status: 'pending',
        created_at: now,
        updated_at: now,
      });
      await appendAudit(tx, {
        tenant_id: actor.tenant_id,
        actor,
        action: 'worklog.repository.connected',
        occurred_at: now,
        context: { repository_id: row.id, full_name: input.full_name, sensitivity: input.sensitivity },
      });
      return repositoryView(row);
    });
  }

  async list(actor: Actor) {
    const rows = await connectedRepositories(this.#orm, actor.tenant_id);
    return rows.map(repositoryView);
  }

  async get(actor: Actor, id: string, tx: Executor = this.#orm): Promise<WorklogRepositoryRecord> {
    if (!isUuid(id)) throw notFound(`repository ${id}`);
    const row = await findRepository(tx, id, actor.tenant_id);
    if (!row) throw notFound(`repository ${id}`);
    return row;
  }

  /** A connected repository of the caller's tenant, by name (CI status, …). */
  async byName(actor: Actor, fullName: string): Promise<WorklogRepositoryRecord> {
    const row = await findConnected(this.#orm, actor.tenant_id, fullName);
    if (!row) throw notFound(`repository ${fullName}`);
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
      await disconnectRepository(tx, id, now);
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
