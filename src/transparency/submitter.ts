// Warrant as a log (c2sp.org/tlog-witness, client side): each tenant's newest checkpoint goes to every witness
// configured, with the consistency proof from the size that witness last cosigned. A timer runs it, apart from the
// append path, so a slow or absent witness never delays an event. Cosignatures that verify against the witness's
// configured key are appended to the stored checkpoint (audit_checkpoints.note), where every checkpoint route and
// export serves them. Neither that nor the witness's size is an audit event: each would grow the log, whose new
// checkpoint would be sent again, without end.
import { parseSignedNote, type VerifierKey } from '../audit/checkpoint.ts';
import { parseCosignerKey, validCosignatures } from '../audit/cosignature.ts';
import type { AuditService } from '../audit/service.ts';
import { appendCosignature, newestCheckpoints } from '../audit/tree-store.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { errorFields, type Logger } from '../core/logger.ts';
import type { Database } from '../db/connect.ts';
import { formatAddCheckpoint } from './add-checkpoint-body.ts';
import { saveSubmittedSize, submittedSize } from './store.ts';

const REQUEST_TIMEOUT_MS = 10_000;

interface Target {
  readonly url: string;
  readonly key: VerifierKey;
}

export interface SubmitterDeps {
  db: Pick<Database, 'orm'>;
  clock: Clock;
  logger: Logger;
  audit: Pick<AuditService, 'consistencyProof' | 'reportFault'>;
  witnesses: Config['audit']['witnesses'];
}

type Outcome = { cosigned: true } | { cosigned: false; witnessSize?: number };

export class WitnessSubmitter {
  readonly #deps: SubmitterDeps;
  readonly #targets: readonly Target[];

  constructor(deps: SubmitterDeps) {
    this.#deps = deps;
    // A malformed key stops the start, not each round.
    this.#targets = deps.witnesses.map((w) => ({
      url: w.url.replace(/\/+$/, ''),
      key: parseCosignerKey(w.key),
    }));
  }

  get configured(): boolean {
    return this.#targets.length > 0;
  }

  /** One round: every tenant's newest checkpoint to every witness that has not cosigned it; returns cosignatures got. */
  async submitAll(): Promise<number> {
    if (this.#targets.length === 0) return 0;
    const checkpoints = await newestCheckpoints(this.#deps.db.orm);
    let cosigned = 0;
    for (const target of this.#targets) {
      for (const checkpoint of checkpoints) {
        try {
          if (await this.#submit(target, checkpoint)) cosigned++;
        } catch (error) {
          this.#deps.logger.warn({
            ...errorFields(error),
            message: 'witness did not cosign',
            witness: target.key.name,
            tenant_id: checkpoint.tenant_id,
          });
        }
      }
    }
    return cosigned;
  }

  async #submit(
    target: Target,
    checkpoint: { tenant_id: string; size: number; note: string },
  ): Promise<boolean> {
    const orm = this.#deps.db.orm;
    const old = await submittedSize(orm, checkpoint.tenant_id, target.key.name);
    if (old > checkpoint.size) return this.#cutBack(target, checkpoint, old);
    if (old === checkpoint.size && validCosignatures(checkpoint.note, [target.key]).length > 0) return false;
    let outcome = await this.#send(target, checkpoint, old);
    // A witness that knows another size (it lost state, or another process of this log got there first) says
    // which: one retry from there. A size beyond this log's newest means the log went back: never sent.
    if (!outcome.cosigned && outcome.witnessSize !== undefined) {
      if (outcome.witnessSize > checkpoint.size)
        return this.#cutBack(target, checkpoint, outcome.witnessSize);
      outcome = await this.#send(target, checkpoint, outcome.witnessSize);
    }
    return outcome.cosigned;
  }

  /** A witness holds a larger tree of this log than the log has: a fault of the log, never sent over. */
  async #cutBack(
    target: Target,
    checkpoint: { tenant_id: string; size: number },
    witnessSize: number,
  ): Promise<false> {
    this.#deps.logger.error({
      message: 'a witness cosigned a larger tree of this log than the log has now: the log was cut back',
      witness: target.key.name,
      tenant_id: checkpoint.tenant_id,
      witness_size: witnessSize,
      log_size: checkpoint.size,
    });
    // Without the log's size, so each round finds the same open entry rather than a new one.
    await this.#deps.audit.reportFault({
      tenant_id: checkpoint.tenant_id,
      kind: 'witness_ahead',
      seq: null,
      event_id: null,
      leaf_index: null,
      detail: `witness ${target.key.name} cosigned a tree of ${witnessSize} leaves of this log, more than it holds: the log was cut back or forked`,
    });
    return false;
  }

  async #send(
    target: Target,
    checkpoint: { tenant_id: string; size: number; note: string },
    old: number,
  ): Promise<Outcome> {
    const proof =
      old === 0
        ? []
        : (await this.#deps.audit.consistencyProof(checkpoint.tenant_id, old, checkpoint.size)).proof.map(
            (hex) => new Uint8Array(Buffer.from(hex, 'hex')),
          );
    const response = await fetch(`${target.url}/add-checkpoint`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: formatAddCheckpoint(old, proof, checkpoint.note),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.status === 409 && response.headers.get('content-type')?.startsWith('text/x.tlog.size')) {
      const size = /^(0|[1-9][0-9]*)\n$/.exec(text);
      if (size) return { cosigned: false, witnessSize: Number(size[1]) };
    }
    if (response.status !== 200) {
      throw new Error(`${target.url}/add-checkpoint answered ${response.status}: ${text.slice(0, 300)}`);
    }
    // The answer is signature lines: appended to the checkpoint, they must verify as the configured witness's.
    const withAnswer = `${checkpoint.note}${text.endsWith('\n') ? text : `${text}\n`}`;
    const [cosignature] = validCosignatures(withAnswer, [target.key]);
    if (cosignature === undefined) throw new Error(`${target.url} answered no valid cosignature`);
    parseSignedNote(withAnswer); // the line must keep the note well-formed for every reader
    await this.#deps.db.orm.transaction(async (tx) => {
      await appendCosignature(tx, checkpoint.tenant_id, checkpoint.size, target.key.name, cosignature.line);
      await saveSubmittedSize(tx, {
        tenant_id: checkpoint.tenant_id,
        witness: target.key.name,
        size: checkpoint.size,
        updated_at: this.#deps.clock.now(),
      });
    });
    return { cosigned: true };
  }
}
