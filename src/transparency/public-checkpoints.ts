// Each tenant's newest checkpoint and log key for outside verifiers, without an API key, when
// `audit.public_checkpoints` is on. Off by default: a checkpoint's tree size tells how much a tenant does.
import type { CheckpointPublisher } from '../audit/checkpoints.ts';
import { readCheckpoint } from '../audit/tree-store.ts';
import { isUuid } from '../core/ids.ts';
import { notFound } from '../core/problem.ts';
import type { Database } from '../db/connect.ts';
import { findTenantByRef } from '../tenancy/store.ts';

export class PublicCheckpoints {
  readonly #db: Pick<Database, 'orm'>;
  readonly #publisher: Pick<CheckpointPublisher, 'latest' | 'verifierKeyFor'>;
  readonly #enabled: boolean;

  constructor(deps: {
    db: Pick<Database, 'orm'>;
    publisher: Pick<CheckpointPublisher, 'latest' | 'verifierKeyFor'>;
    enabled: boolean;
  }) {
    this.#db = deps.db;
    this.#publisher = deps.publisher;
    this.#enabled = deps.enabled;
  }

  /** Off, or no such tenant, answer alike: 404, so the routes tell nothing about which tenants exist. */
  async #tenant(tenantId: string): Promise<string> {
    if (!this.#enabled || !isUuid(tenantId)) throw notFound('tenant');
    const tenant = await findTenantByRef(this.#db.orm, tenantId);
    if (tenant?.id !== tenantId) throw notFound('tenant');
    return tenantId;
  }

  /**
   * The newest stored checkpoint (with the witnesses' cosignatures). An anonymous read does not sign one: the
   * checkpoint loop publishes as the tree grows, and only a tenant with none yet gets its first here.
   */
  async checkpoint(tenantId: string): Promise<string> {
    const id = await this.#tenant(tenantId);
    return ((await readCheckpoint(this.#db.orm, id)) ?? (await this.#publisher.latest(id))).note;
  }

  /** The tenant log's verifier key, named for its origin. */
  async key(tenantId: string): Promise<string> {
    return this.#publisher.verifierKeyFor(await this.#tenant(tenantId));
  }
}
