// The verifier's memory between runs, as Go's sumdb client keeps its last-seen tree: a checkpoint verified
// before (a file, or the note text). An export verifies against it only if its newest checkpoint is at least as
// large and the trusted tree is a prefix of it: a cut tail (the log rolled back) and a forked history (another
// root at a size already seen) both fail.
//
// How the trusted root is tied to the export:
//   - the export covers leaf `size` onwards from 0 or from a start line at or below it: the verifier computes the
//     root at the trusted size itself from the leaves it streams (compact range), and compares;
//   - the export starts after the trusted size (an export `since`): it must carry a consistency line from the
//     trusted size to its start size. The server's export does not know the verifier's state, so
//     `warrant audit export --trusted FILE` fetches that proof (GET /v1/audit/consistency) and writes the line.
import {
  type Checkpoint,
  parseAndVerifyCheckpoint,
  parseSignedNote,
  renameVerifier,
  type VerifierKey,
} from './checkpoint.ts';
import type { ConsistencyLine } from './export-format.ts';
import { EMPTY_ROOT, verifyConsistency } from './merkle.ts';

export type TrustedReason =
  /** The export's newest checkpoint is smaller than the trusted one: its tail was cut or the log rolled back. */
  | 'behind_trusted'
  /** The export's tree at the trusted size has another root, or the consistency proof fails: a forked history. */
  | 'inconsistent_with_trusted'
  /** The export starts after the trusted size and carries no consistency proof from it. */
  | 'trusted_unproven';

export interface TrustedVerdict {
  readonly status: 'tampered' | 'unusable';
  readonly reason: TrustedReason;
  readonly message: string;
}

/**
 * The keys a note by `key`'s Ed25519 key may be signed under: the given name, and any name on the note's
 * signature lines. A note signature does not commit to its name, and Warrant signs a tenant's checkpoint under
 * its origin and under the installation key's name (older checkpoints under the latter only), so a verifier
 * holding either key string accepts both. The origin, which is signed, is what tells logs apart.
 */
export function keyring(key: VerifierKey, note: string): VerifierKey[] {
  const names = new Set<string>();
  try {
    for (const line of parseSignedNote(note).signatures) names.add(line.name);
  } catch {
    // A malformed note fails in parseAndVerifyCheckpoint with its own error.
  }
  names.delete(key.name);
  const renamed = [...names].flatMap((name) => {
    try {
      return [renameVerifier(key, name)];
    } catch {
      return [];
    }
  });
  return [key, ...renamed];
}

export const verifyNote = (note: string, key: VerifierKey): Checkpoint =>
  parseAndVerifyCheckpoint(note, keyring(key, note));

const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

export class TrustedState {
  readonly checkpoint: Checkpoint;
  /** The trusted root was matched at its size, or bridged to the export by a consistency proof. */
  #tied = false;
  #startSize = 0;
  #startRoot: Uint8Array = EMPTY_ROOT;
  /**
   * A fork found before a checkpoint of the export verified: reported at the next one, once its origin shows the
   * trusted checkpoint is of this log (a trusted checkpoint of another log is unusable, not evidence).
   */
  #fork: TrustedVerdict | undefined;

  /** Throws CheckpointError when the note is not a checkpoint signed by `key`. */
  constructor(note: string, key: VerifierKey) {
    this.checkpoint = verifyNote(note, key);
  }

  get size(): number {
    return this.checkpoint.size;
  }

  #compare(root: Uint8Array): undefined {
    if (sameBytes(root, this.checkpoint.rootHash)) {
      this.#tied = true;
      return undefined;
    }
    this.#fork ??= {
      status: 'tampered',
      reason: 'inconsistent_with_trusted',
      message: `the export's tree of ${this.size} events has another root than the trusted checkpoint: a forked history`,
    };
  }

  /** A checkpoint of the export verified: the verdict if it is of another log, or a fork found before it. */
  checked(checkpoint: Checkpoint): TrustedVerdict | undefined {
    if (checkpoint.origin !== this.checkpoint.origin) {
      return {
        status: 'unusable',
        reason: 'trusted_unproven',
        message: `the trusted checkpoint is of another log (${this.checkpoint.origin}, not ${checkpoint.origin})`,
      };
    }
    return this.#fork;
  }

  /** The export's range before any event, where a start line opens it. */
  opened(size: number, root: Uint8Array): undefined {
    this.#startSize = size;
    this.#startRoot = root;
    return size === this.size ? this.#compare(root) : undefined;
  }

  /** The streamed range reached the trusted size (the caller checks sizes, to keep the per-event cost one compare). */
  reached(root: Uint8Array): undefined {
    return this.#compare(root);
  }

  /** A consistency line: it must bridge the trusted checkpoint to the start line's size. */
  bridged(line: ConsistencyLine): TrustedVerdict | undefined {
    if (line.from !== this.size || line.to !== this.#startSize || this.#startSize <= this.size) {
      return {
        status: 'unusable',
        reason: 'trusted_unproven',
        message: `the consistency line (${line.from} to ${line.to}) does not bridge the trusted size ${this.size} to the export's start ${this.#startSize}`,
      };
    }
    const proof = line.proof.map((hex) => new Uint8Array(Buffer.from(hex, 'hex')));
    if (verifyConsistency(line.from, line.to, proof, this.checkpoint.rootHash, this.#startRoot)) {
      this.#tied = true;
      return undefined;
    }
    this.#fork ??= {
      status: 'tampered',
      reason: 'inconsistent_with_trusted',
      message: `the export's tree of ${line.to} events is not consistent with the trusted checkpoint of ${this.size}: a forked history`,
    };
    return undefined;
  }

  /** The verdict once every line was read, given the export's newest verified checkpoint. */
  finish(newest: Checkpoint): TrustedVerdict | undefined {
    const failure = this.checked(newest);
    if (failure) return failure;
    if (newest.size < this.size) {
      return {
        status: 'tampered',
        reason: 'behind_trusted',
        message: `the export ends at ${newest.size} events, before the trusted checkpoint of ${this.size}: its tail was cut or the log rolled back`,
      };
    }
    if (!this.#tied && this.size === 0) this.#compare(EMPTY_ROOT);
    if (this.#fork) return this.#fork;
    if (!this.#tied) {
      return {
        status: 'unusable',
        reason: 'trusted_unproven',
        message: `the export starts at ${this.#startSize} events, after the trusted checkpoint of ${this.size}, with no consistency proof from it (export with --trusted, or a full export)`,
      };
    }
    return undefined;
  }
}
