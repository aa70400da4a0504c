import type { Clock } from '../core/clock.ts';
import type { Database } from '../db/connect.ts';
import {
  formatVerifierKey,
  renameSigner,
  type SignerKey,
  signCheckpoint,
  verifierKeyNamed,
} from './checkpoint.ts';
import {
  headsAheadOfCheckpoints,
  insertCheckpoint,
  originOf,
  readCheckpoint,
  readHead,
  type StoredCheckpoint,
  type TreeHead,
} from './tree-store.ts';

/** Signs and stores checkpoints of the tenants' trees. */
export class CheckpointPublisher {
  /**
   * The installation's key (note format, named for the log family): every checkpoint carries a signature under
   * this name too, so verifiers configured with it before checkpoints were signed under their origin still work.
   */
  readonly verifierKey: string;
  readonly #db: Pick<Database, 'orm'>;
  readonly #signer: SignerKey;
  readonly #clock: Clock;

  constructor(deps: { db: Pick<Database, 'orm'>; signer: SignerKey; clock: Clock }) {
    this.#db = deps.db;
    this.#signer = deps.signer;
    this.#clock = deps.clock;
    this.verifierKey = formatVerifierKey(deps.signer);
  }

  /**
   * The key of one tenant's log: the installation key named for that log's origin, as c2sp.org/tlog-checkpoint
   * asks of a log's signature line. Witnesses and outside verifiers configure this one.
   */
  verifierKeyFor(tenantId: string): string {
    return verifierKeyNamed(this.#signer, originOf(tenantId));
  }

  /** Publishes a checkpoint for every tenant whose tree grew since its last one; returns how many. */
  async publishGrown(): Promise<number> {
    const grown = await headsAheadOfCheckpoints(this.#db.orm);
    for (const row of grown) {
      await this.#publish(row.tenant_id, { size: row.size, root: new Uint8Array(row.root) });
    }
    return grown.length;
  }

  /**
   * The tenant's latest checkpoint, published first when the tree grew since (so it covers every integrated
   * event); an empty log gets a checkpoint of size 0.
   */
  async latest(tenantId: string): Promise<StoredCheckpoint> {
    const orm = this.#db.orm;
    const [head, last] = [await readHead(orm, tenantId), await readCheckpoint(orm, tenantId)];
    if (last && last.size >= head.size) return last;
    await this.#publish(tenantId, head);
    return (await readCheckpoint(orm, tenantId, head.size))!;
  }

  async #publish(tenantId: string, head: TreeHead): Promise<void> {
    const origin = originOf(tenantId);
    // The origin-named signature first (the log's own, per tlog-checkpoint), then the family-named one.
    const note = signCheckpoint({ origin, size: head.size, rootHash: head.root }, [
      renameSigner(this.#signer, origin),
      this.#signer,
    ]);
    // Publishers in other processes may race; Ed25519 is deterministic, so either row holds the same note.
    await insertCheckpoint(this.#db.orm, {
      tenant_id: tenantId,
      size: head.size,
      root: head.root,
      note,
      published_at: this.#clock.now(),
    });
  }
}
