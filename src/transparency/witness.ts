// Warrant as a witness for other logs (c2sp.org/tlog-witness, add-checkpoint): it cosigns a checkpoint only when
// it is signed by a key it trusts for the origin and consistent with the latest one it cosigned for that origin.
//
// Cosigning writes no audit event. The witnessed log is not a tenant's, and two installations that witness each
// other would otherwise never rest: an event grows a log, its new checkpoint is cosigned, which is an event on
// the other side, and so on. The record is the witness's own: witness_cosigned keeps every checkpoint it
// vouched for, and a refused request is a security event (with the request), since it may be evidence of a
// log's misbehaviour (a fork shows as a 422).
import {
  ALG_COSIGNATURE_ED25519,
  type Checkpoint,
  CheckpointError,
  formatVerifierKey,
  parseAndVerifyCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  renameVerifier,
  type SignerKey,
  type VerifierKey,
} from '../audit/checkpoint.ts';
import { cosign } from '../audit/cosignature.ts';
import { EMPTY_ROOT, verifyConsistency } from '../audit/merkle.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import { Problem } from '../core/problem.ts';
import type { Database } from '../db/connect.ts';
import { recordSecurityEvent } from '../ops/security-events.ts';
import { type AddCheckpointRequest, parseAddCheckpoint } from './add-checkpoint-body.ts';
import { lockOrigin, readWitnessedLog, saveCosigned, witnessedLogByHash } from './store.ts';

type LogSettings = Config['audit']['witness']['logs'][number];

/** A 409: the client's old size is not the latest this witness cosigned; the answer carries that size. */
export class StaleOldSize extends Problem {
  readonly size: number;
  constructor(size: number) {
    super(409, 'witness_old_size_mismatch', `the latest checkpoint cosigned for this log has size ${size}`, {
      size,
    });
    this.size = size;
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

interface TrustedLog {
  readonly key: VerifierKey;
  readonly origin?: string;
  readonly prefix?: string;
}

export interface WitnessDeps {
  db: Pick<Database, 'orm'>;
  clock: Clock;
  /** The cosigner key (type 0x04, see audit/cosignature.ts). */
  key: SignerKey;
  logs: readonly LogSettings[];
}

export class Witness {
  /** The cosignature verifier key logs and verifiers configure (`<name>+<key ID>+base64(0x04 || key)`). */
  readonly verifierKey: string;
  readonly #db: Pick<Database, 'orm'>;
  readonly #clock: Clock;
  readonly #key: SignerKey;
  readonly #logs: readonly TrustedLog[];

  constructor(deps: WitnessDeps) {
    this.#db = deps.db;
    this.#clock = deps.clock;
    this.#key = deps.key;
    this.verifierKey = formatVerifierKey(deps.key, ALG_COSIGNATURE_ED25519);
    // Keys are read at start: a malformed one in the configuration stops the start, not a request.
    this.#logs = deps.logs.map((log) => {
      const key = parseVerifierKey(log.key);
      if (log.origin_prefix !== undefined) return { key, prefix: log.origin_prefix };
      return { key, origin: log.origin ?? key.name };
    });
  }

  /** The keys trusted for an origin, named as the log signs: its origin (tlog-checkpoint), or the configured name. */
  #keysFor(origin: string): VerifierKey[] {
    return this.#logs.flatMap((log) => {
      if (log.origin === origin) return [log.key];
      if (log.prefix !== undefined && origin.startsWith(log.prefix) && origin.length > log.prefix.length)
        return [log.key, renameVerifier(log.key, origin)];
      return [];
    });
  }

  /** Handles one add-checkpoint body: the cosignature lines to answer with, or a problem (recorded). */
  async addCheckpoint(body: string): Promise<string> {
    try {
      return await this.#add(body);
    } catch (error) {
      if (error instanceof Problem && !(error instanceof StaleOldSize)) await this.#record(error, body);
      throw error;
    }
  }

  async #add(body: string): Promise<string> {
    const request = parseAddCheckpoint(body);
    const checkpoint = this.#verify(request);
    if (request.oldSize > checkpoint.size)
      throw new Problem(
        400,
        'witness_bad_request',
        `old size ${request.oldSize} is beyond the checkpoint's size`,
      );
    if (checkpoint.size === 0 && !sameBytes(checkpoint.rootHash, EMPTY_ROOT))
      throw inconsistent('a checkpoint of size 0 must have the empty tree’s root');
    return this.#db.orm.transaction(async (tx) => {
      await lockOrigin(tx, checkpoint.origin);
      const latest = await readWitnessedLog(tx, checkpoint.origin);
      const latestSize = latest?.size ?? 0;
      if (request.oldSize !== latestSize) throw new StaleOldSize(latestSize);
      if (request.oldSize === 0 && request.proof.length > 0)
        throw inconsistent('from size 0 the consistency proof is empty');
      if (
        latest !== undefined &&
        !verifyConsistency(latest.size, checkpoint.size, request.proof, latest.root, checkpoint.rootHash)
      ) {
        throw inconsistent(
          latest.size === checkpoint.size
            ? `another root for size ${checkpoint.size} than the one cosigned: a fork`
            : `the consistency proof from ${latest.size} to ${checkpoint.size} does not verify`,
        );
      }
      const now = this.#clock.now();
      const line = cosign(parseSignedNote(request.note).body, this.#key, Math.floor(now.getTime() / 1000));
      await saveCosigned(tx, {
        origin: checkpoint.origin,
        size: checkpoint.size,
        root: checkpoint.rootHash,
        note: `${request.note}${line}\n`,
        updated_at: now,
      });
      return `${line}\n`;
    });
  }

  /** 404 for an origin no key is configured for; 403 unless a trusted key signed it (tlog-witness). */
  #verify(request: AddCheckpointRequest): Checkpoint {
    let origin: string;
    try {
      origin = parseSignedNote(request.note).checkpoint.origin;
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      throw new Problem(400, 'witness_bad_request', `the checkpoint is malformed: ${error.message}`);
    }
    const keys = this.#keysFor(origin);
    if (keys.length === 0)
      throw new Problem(404, 'witness_unknown_log', `this witness does not witness ${origin}`);
    try {
      return parseAndVerifyCheckpoint(request.note, keys);
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      throw new Problem(
        403,
        'witness_unverified_checkpoint',
        `the checkpoint does not verify: ${error.message}`,
      );
    }
  }

  /** The latest checkpoint cosigned for the log whose origin hashes (SHA-256, lowercase hex) to `originHash`. */
  async latest(originHash: string): Promise<string | undefined> {
    const row = await witnessedLogByHash(this.#db.orm, originHash);
    // A log no longer configured is no longer vouched for here.
    return row && this.#keysFor(row.origin).length > 0 ? row.note : undefined;
  }

  async #record(problem: Problem, body: string): Promise<void> {
    await recordSecurityEvent(this.#db.orm, {
      attack_type: 'invalid_input',
      kind: problem.code,
      payload: `${problem.message}\n${body}`,
      action_taken: 'rejected_400',
      status_code: problem.status,
      at: this.#clock.now(),
    });
  }
}

const inconsistent = (detail: string) => new Problem(422, 'witness_inconsistent_checkpoint', detail);
