import { sql } from 'drizzle-orm';
import type { Clock } from '../core/clock.ts';
import { type Orm, rowsOf } from '../db/connect.ts';
import { type SignerKey, signCheckpoint } from './checkpoint.ts';
import {
  originOf,
  readCheckpoint,
  readHead,
  type StoredCheckpoint,
  type TreeHead,
  toHex,
} from './tree-store.ts';

/** Signs and stores checkpoints of the tenants' trees. */
export class CheckpointPublisher {
  readonly #orm: Orm;
  readonly #signer: SignerKey;
  readonly #clock: Clock;

  constructor(orm: Orm, signer: SignerKey, clock: Clock) {
    this.#orm = orm;
    this.#signer = signer;
    this.#clock = clock;
  }

  /** Publishes a checkpoint for every tenant whose tree grew since its last one; returns how many. */
  async publishGrown(): Promise<number> {
    const grown = rowsOf<{ tenant_id: string; size: unknown; root: Uint8Array }>(
      await this.#orm.execute(sql`
        SELECT h.tenant_id, h.size, h.root FROM audit_heads h
        WHERE h.size > COALESCE((SELECT max(c.size) FROM audit_checkpoints c WHERE c.tenant_id = h.tenant_id), -1)`),
    );
    for (const row of grown) {
      await this.#publish(row.tenant_id, { size: Number(row.size), root: new Uint8Array(row.root) });
    }
    return grown.length;
  }

  /**
   * The tenant's latest checkpoint, published first when the tree grew since (so it covers every integrated
   * event); an empty log gets a checkpoint of size 0.
   */
  async latest(tenantId: string): Promise<StoredCheckpoint> {
    const [head, last] = [await readHead(this.#orm, tenantId), await readCheckpoint(this.#orm, tenantId)];
    if (last && last.size >= head.size) return last;
    await this.#publish(tenantId, head);
    return (await readCheckpoint(this.#orm, tenantId, head.size))!;
  }

  async #publish(tenantId: string, head: TreeHead): Promise<void> {
    const note = signCheckpoint(
      { origin: originOf(tenantId), size: head.size, rootHash: head.root },
      this.#signer,
    );
    // Publishers in other processes may race; Ed25519 is deterministic, so either row holds the same note.
    await this.#orm.execute(sql`
      INSERT INTO audit_checkpoints (tenant_id, size, root, note, published_at)
      VALUES (${tenantId}, ${head.size}, decode(${toHex(head.root)}, 'hex'), ${note}, ${this.#clock.now().toISOString()})
      ON CONFLICT (tenant_id, size) DO NOTHING`);
  }
}
