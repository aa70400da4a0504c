// Offline verification of an audit export (see export-format.ts), streaming in constant memory: events are hashed
// into a compact range as they are read, and every signed checkpoint must match the prefix read so far.

import type { KeyObject } from 'node:crypto';
import { type Checkpoint, CheckpointError, parseVerifierKey, type VerifierKey } from './checkpoint.ts';
import { parseCosignerKey, validCosignatures } from './cosignature.ts';
import { eventLeafHash } from './event.ts';
import { checkCanonicalEventSignature, checkEventSignature, type SignatureFault } from './event-signer.ts';
import { verifyListing } from './event-signers.ts';
import {
  type EventLine,
  type ExportLine,
  parseExportLine,
  type StartLine,
  type UnsignedPrefixLine,
} from './export-format.ts';
import { CompactRange, leafHash } from './merkle.ts';
import { type TrustedReason, TrustedState, type TrustedVerdict, verifyNote } from './trusted-state.ts';
import { type UnsignedPrefix, verifyUnsignedPrefix } from './unsigned-prefix.ts';

export type VerifyStatus = 'ok' | 'tampered' | 'unusable';

export type BadReason =
  /** Not JSON, or not an export line. */
  | 'unparseable'
  /** The verifier key is malformed, or the export's first checkpoint is not signed by it. */
  | 'unknown_key'
  /** A leaf_index skips ahead: events were removed. */
  | 'leaf_index_gap'
  /** A leaf_index repeats or goes back: events were inserted, duplicated or reordered. */
  | 'leaf_index_out_of_order'
  /** The event's content no longer matches its recorded hash. */
  | 'hash_mismatch'
  /** A checkpoint is not validly signed by the key, or is not from the same log. */
  | 'bad_checkpoint'
  /** A checkpoint's size differs from the number of events before it: events were added or removed. */
  | 'checkpoint_size_mismatch'
  /** A checkpoint's root does not match the events before it: something in its interval was changed. */
  | 'root_mismatch'
  /** Events follow the last checkpoint, or no checkpoint covers them: the export is truncated. */
  | 'missing_final_checkpoint'
  /** The trusted checkpoint (--trusted) is not tied to this export; see trusted-state.ts. */
  | TrustedReason
  /** The trusted checkpoint is malformed or not signed by the key. */
  | 'bad_trusted'
  /** Fewer valid witness cosignatures on the newest checkpoint than the quorum asks. */
  | 'witness_quorum'
  /** A signer line is not signed by the key: a signer was added to the log's listing by someone else. */
  | 'bad_signer'
  /** An event carries no valid signature by its writer (event-signer.ts). */
  | 'unsigned_event'
  /** An event is signed by a key no signer line lists. */
  | 'unknown_event_signer'
  /** An event's signature does not match its content. */
  | 'bad_event_signature'
  /** The statement excusing a log's first, unsigned events is not signed by the key, repeated, or of another log. */
  | 'bad_unsigned_prefix'
  /** The events the unsigned-prefix statement covers are not the ones it names (their root differs). */
  | 'unsigned_prefix_mismatch';

const SIGNATURE_REASONS: Record<SignatureFault, BadReason> = {
  unsigned: 'unsigned_event',
  unknown_signer: 'unknown_event_signer',
  bad_signature: 'bad_event_signature',
};
const SIGNATURE_FAULTS: Record<SignatureFault, string> = {
  unsigned: 'carries no signature by its writer',
  unknown_signer: 'is signed by a key no signer line of the export lists',
  bad_signature: 'has a signature that does not match its content',
};

export interface FirstBad {
  /** 1-based line number in the export. */
  readonly line: number;
  readonly leaf_index: number | null;
  readonly event_id: string | null;
  readonly reason: BadReason;
}

export interface VerifyExportResult {
  readonly status: VerifyStatus;
  /** Event lines accepted before the verdict (all of them when ok). */
  readonly events: number;
  /** Size of the last checkpoint verified against the events; 0 if none was. */
  readonly checkpointSize: number;
  readonly firstBad?: FirstBad;
  readonly message: string;
  /** The newest checkpoint verified, as the export carries it (with any cosignatures): what --save-checkpoint keeps. */
  readonly checkpointNote?: string;
  /** Names of the witnesses whose cosignature on the newest checkpoint verified (with `witnesses` given). */
  readonly cosignedBy?: readonly string[];
}

export interface VerifyOptions {
  /** A checkpoint verified before (note text): the export must extend it (see trusted-state.ts). */
  readonly trusted?: string;
  /** Witness verifier keys (tlog-cosignature, type 0x04); `quorum` of them must cosign the newest checkpoint. */
  readonly witnesses?: readonly string[];
  readonly quorum?: number;
}

interface EventPosition {
  readonly line: number;
  readonly leaf_index: number;
  readonly event_id: string | null;
}

function eventIdOf(event: Record<string, unknown>): string | null {
  return typeof event['event_id'] === 'string' ? event['event_id'] : null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** An event line as the verifier needs it: its position, its leaf hash and whether the hash it claims is that. */
interface ReadEvent {
  readonly leafIndex: number;
  readonly leaf: Uint8Array;
  readonly hashMatches: boolean;
  /** The event's id when the line was parsed; else its canonical JSON, parsed only to name a fault. */
  readonly eventId?: string | null;
  readonly eventText?: string;
  /** The parsed event, when the line was parsed. */
  readonly event?: Record<string, unknown>;
}

/** Why the event's writer signature does not hold, or undefined when it does. */
function signatureFault(
  read: ReadEvent,
  signerKey: (keyId: string) => KeyObject | undefined,
): SignatureFault | undefined {
  if (read.eventText !== undefined) {
    const fast = checkCanonicalEventSignature(read.eventText, signerKey);
    if (fast === 'ok') return undefined;
    if (fast !== undefined) return fast;
    let parsed: unknown;
    try {
      parsed = JSON.parse(read.eventText);
    } catch {
      return 'unsigned';
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'unsigned';
    return checkEventSignature(parsed as Record<string, unknown>, signerKey);
  }
  return checkEventSignature(read.event ?? {}, signerKey);
}

const idOf = (event: ReadEvent): string | null => {
  if (event.eventText === undefined) return event.eventId ?? null;
  try {
    return eventIdOf(JSON.parse(event.eventText));
  } catch {
    return null;
  }
};

// The layout formatEventLine writes: the event's canonical JSON comes last.
const CANONICAL_EVENT_LINE =
  /^\{"type":"event","leaf_index":(0|[1-9][0-9]{0,15}),(?:"hash":"([0-9a-f]{64})",)?"event":/;

/**
 * Reads a line in the server's own layout without a JSON parse: the bytes after the prefix are hashed as read.
 * Sound because a hash that chains to a signed root proves those bytes are the canonical JSON the server
 * committed. Undefined for any other layout, or when the bytes miss the recorded hash (a re-serialized
 * export, or a change), so the caller takes the parsing path that canonicalizes and names the fault.
 */
function readCanonicalEvent(text: string): ReadEvent | undefined {
  const match = CANONICAL_EVENT_LINE.exec(text);
  if (match === null || !text.endsWith('}')) return undefined;
  const leafIndex = Number(match[1]);
  const eventText = text.slice(match[0].length, -1);
  const leaf = leafHash(eventText);
  const recorded = match[2];
  if (!Number.isSafeInteger(leafIndex) || (recorded !== undefined && recorded !== toHex(leaf)))
    return undefined;
  return { leafIndex, leaf, hashMatches: true, eventText };
}

function readParsedEvent(entry: EventLine): ReadEvent {
  const leaf = eventLeafHash(entry.event);
  return {
    leafIndex: entry.leaf_index,
    leaf,
    hashMatches: entry.hash === undefined || entry.hash === toHex(leaf),
    eventId: eventIdOf(entry.event),
    event: entry.event,
  };
}

/** The compact range a start line opens, trusted because the checkpoints after it must match. */
function openRange(entry: StartLine): CompactRange | undefined {
  try {
    return new CompactRange(
      entry.size,
      entry.frontier.map((hex) => new Uint8Array(Buffer.from(hex, 'hex'))),
    );
  } catch {
    return undefined;
  }
}

/** The statement of an unsigned-prefix line when the key signed it; else undefined. */
function readUnsignedPrefix(entry: UnsignedPrefixLine, key: VerifierKey): UnsignedPrefix | undefined {
  const prefix = {
    origin: entry.origin,
    size: entry.size,
    root: new Uint8Array(Buffer.from(entry.root, 'hex')),
  };
  return verifyUnsignedPrefix(prefix, entry.signature, key) ? prefix : undefined;
}

/**
 * Verifies an export against the log's verifier key (note format, see checkpoint.ts). Lines may come from a file
 * reader (readline) or an array. The first problem found ends the verification and is reported in `firstBad`.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  verifierKey: string,
  options: VerifyOptions = {},
): Promise<VerifyExportResult> {
  let key: VerifierKey;
  let witnessKeys: VerifierKey[];
  try {
    key = parseVerifierKey(verifierKey);
    witnessKeys = (options.witnesses ?? []).map(parseCosignerKey);
  } catch (e) {
    return {
      status: 'unusable',
      events: 0,
      checkpointSize: 0,
      message: `bad verifier or witness key: ${(e as Error).message}`,
    };
  }
  let trusted: TrustedState | undefined;
  if (options.trusted !== undefined) {
    try {
      trusted = new TrustedState(options.trusted, key);
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      return {
        status: 'unusable',
        events: 0,
        checkpointSize: 0,
        firstBad: { line: 0, leaf_index: null, event_id: null, reason: 'bad_trusted' },
        message: `the trusted checkpoint does not verify: ${e.message}`,
      };
    }
  }
  // Compared once per event: -1 when there is no trusted size left to reach.
  let trustedSize = trusted?.size ?? -1;
  let newest: { checkpoint: Checkpoint; note: string } | undefined;

  let range = new CompactRange();
  let checkpointSize = 0;
  let origin: string | undefined;
  // The first event after the last verified checkpoint: a later root mismatch is somewhere from here on.
  let intervalStart: EventPosition | undefined;
  let lineNumber = 0;
  let seenLine = false;
  // The writers' keys the export lists, each checked with the verifier key (event-signers.ts).
  const signers = new Map<string, KeyObject>();
  const signerKey = (keyId: string) => signers.get(keyId);
  // The first events of a log that began before writers signed (unsigned-prefix.ts): excused below this size only.
  let prefix: UnsignedPrefix | undefined;

  const verdict = (status: VerifyStatus, firstBad: FirstBad, message: string): VerifyExportResult => ({
    status,
    events: range.size,
    checkpointSize,
    firstBad,
    message: `line ${firstBad.line}: ${message}`,
  });
  // Blames the interval since the last checkpoint, or the given line when that interval holds no event.
  const blameInterval = (line: number, reason: BadReason, message: string) =>
    verdict('tampered', intervalStart ? { ...intervalStart, reason } : atLine(line, reason), message);
  const atLine = (line: number, reason: BadReason): FirstBad => ({
    line,
    leaf_index: range.size,
    event_id: null,
    reason,
  });

  const trustedVerdict = (
    line: number,
    failure: Omit<TrustedVerdict, 'reason'> & { reason: BadReason },
  ): VerifyExportResult =>
    verdict(failure.status, { ...atLine(line, failure.reason), leaf_index: null }, failure.message);

  // Checks a checkpoint against the events read so far; returns the verdict when it fails.
  const checkCheckpoint = (note: string, line: number): VerifyExportResult | undefined => {
    let checkpoint: Checkpoint;
    try {
      checkpoint = verifyNote(note, key);
    } catch (e) {
      if (!(e instanceof CheckpointError)) throw e;
      // Until one checkpoint has verified, a note the key did not sign means the key is not this log's.
      if (origin === undefined && e.code !== 'bad_signature') {
        return verdict('unusable', { ...atLine(line, 'unknown_key'), leaf_index: null }, e.message);
      }
      return blameInterval(line, 'bad_checkpoint', e.message);
    }
    if (origin !== undefined && checkpoint.origin !== origin) {
      return blameInterval(line, 'bad_checkpoint', `checkpoint of another log (${checkpoint.origin})`);
    }
    if (checkpoint.size !== range.size) {
      return blameInterval(
        line,
        'checkpoint_size_mismatch',
        `checkpoint covers ${checkpoint.size} events, ${range.size} precede it`,
      );
    }
    if (!sameBytes(checkpoint.rootHash, range.root())) {
      return blameInterval(
        line,
        'root_mismatch',
        `events ${checkpointSize}..${range.size - 1} do not match the signed checkpoint`,
      );
    }
    if (prefix && prefix.origin !== checkpoint.origin) {
      return blameInterval(
        line,
        'bad_unsigned_prefix',
        `the unsigned-prefix statement is of another log (${prefix.origin})`,
      );
    }
    const untrusted = trusted?.checked(checkpoint);
    if (untrusted) return trustedVerdict(line, untrusted);
    origin = checkpoint.origin;
    checkpointSize = checkpoint.size;
    newest = { checkpoint, note };
    intervalStart = undefined;
    return undefined;
  };

  const position = (read: ReadEvent): EventPosition => ({
    line: lineNumber,
    leaf_index: read.leafIndex,
    event_id: idOf(read),
  });

  for await (const raw of lines) {
    lineNumber++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') continue;
    const firstLine = !seenLine;
    seenLine = true;

    let event = readCanonicalEvent(text);
    if (event === undefined) {
      let entry: ExportLine;
      try {
        entry = parseExportLine(text);
      } catch {
        return verdict(
          'unusable',
          { ...atLine(lineNumber, 'unparseable'), leaf_index: null },
          'not an export line',
        );
      }
      if (entry.type === 'checkpoint') {
        const failure = checkCheckpoint(entry.note, lineNumber);
        if (failure) return failure;
        continue;
      }
      if (entry.type === 'start') {
        const opened = firstLine ? openRange(entry) : undefined;
        if (opened === undefined) {
          return verdict(
            'unusable',
            { ...atLine(lineNumber, 'unparseable'), leaf_index: null },
            'a start line must come first, with the frontier of its size',
          );
        }
        range = opened;
        trusted?.opened(range.size, range.root());
        if (trustedSize <= range.size) trustedSize = -1;
        continue;
      }
      if (entry.type === 'signer') {
        const listed = verifyListing(entry, key);
        if (listed === undefined) {
          // As with checkpoints: before one has verified, a listing the key did not sign means a wrong key.
          const wrongKey = origin === undefined;
          return verdict(
            wrongKey ? 'unusable' : 'tampered',
            { ...atLine(lineNumber, wrongKey ? 'unknown_key' : 'bad_signer'), leaf_index: null },
            `the listing of signer ${entry.key_id} is not signed by the key${wrongKey ? ' (a wrong key, or a forged listing)' : ''}`,
          );
        }
        signers.set(entry.key_id, listed);
        continue;
      }
      if (entry.type === 'unsigned_prefix') {
        const statement = prefix === undefined ? readUnsignedPrefix(entry, key) : undefined;
        const wrongKey = statement === undefined && origin === undefined && signers.size === 0;
        if (statement === undefined || (origin !== undefined && statement.origin !== origin)) {
          return verdict(
            wrongKey ? 'unusable' : 'tampered',
            { ...atLine(lineNumber, wrongKey ? 'unknown_key' : 'bad_unsigned_prefix'), leaf_index: null },
            prefix !== undefined
              ? 'a second unsigned-prefix statement'
              : `the unsigned-prefix statement (${entry.size} events) is not signed by the key for this log`,
          );
        }
        prefix = statement;
        continue;
      }
      if (entry.type === 'consistency') {
        const failure = trusted?.bridged(entry);
        if (failure) return trustedVerdict(lineNumber, failure);
        continue;
      }
      event = readParsedEvent(entry);
    }

    const { leafIndex } = event;
    if (leafIndex !== range.size) {
      const reason = leafIndex > range.size ? 'leaf_index_gap' : 'leaf_index_out_of_order';
      return verdict(
        'tampered',
        { ...position(event), reason },
        `expected leaf ${range.size}, found ${leafIndex}`,
      );
    }
    if (!event.hashMatches) {
      return verdict(
        'tampered',
        { ...position(event), reason: 'hash_mismatch' },
        'event content does not match its hash',
      );
    }
    const fault = signatureFault(event, signerKey);
    // An unsigned event is excused below the prefix's size; the root check below ties it to the statement.
    if (fault !== undefined && !(fault === 'unsigned' && prefix !== undefined && leafIndex < prefix.size)) {
      const at = position(event);
      return verdict(
        'tampered',
        { ...at, reason: SIGNATURE_REASONS[fault] },
        `event ${at.event_id ?? '(no id)'} at leaf ${leafIndex} ${SIGNATURE_FAULTS[fault]}`,
      );
    }
    intervalStart ??= position(event);
    range.append(event.leaf);
    if (range.size === trustedSize) trusted!.reached(range.root());
    if (range.size === prefix?.size && !sameBytes(range.root(), prefix.root)) {
      return blameInterval(
        lineNumber,
        'unsigned_prefix_mismatch',
        `events 0..${prefix.size - 1} are not the ones the unsigned-prefix statement names`,
      );
    }
  }

  if (!seenLine) {
    return { status: 'unusable', events: 0, checkpointSize: 0, message: 'the export is empty' };
  }
  if (intervalStart !== undefined || origin === undefined) {
    return blameInterval(
      lineNumber,
      'missing_final_checkpoint',
      `no signed checkpoint covers events ${checkpointSize}..${range.size - 1}: the export is truncated`,
    );
  }
  // Whether the trusted tree was met on the way, and the export reaches at least as far.
  if (trusted && newest) {
    const failure = trusted.finish(newest.checkpoint);
    if (failure) return trustedVerdict(lineNumber, failure);
  }
  let cosignedBy: string[] | undefined;
  if (newest && witnessKeys.length > 0) {
    cosignedBy = validCosignatures(newest.note, witnessKeys).map((c) => c.name);
    const quorum = options.quorum ?? 1;
    if (cosignedBy.length < quorum) {
      return {
        ...trustedVerdict(lineNumber, {
          status: 'tampered',
          reason: 'witness_quorum',
          message: `the newest checkpoint (${checkpointSize}) has ${cosignedBy.length} valid witness cosignature(s), ${quorum} required`,
        }),
        cosignedBy,
      };
    }
  }
  const witnessed = cosignedBy?.length ? `, cosigned by ${cosignedBy.join(', ')}` : '';
  const legacy = prefix?.size
    ? ` (the first ${prefix.size} predate writer signatures, as the key states)`
    : '';
  const extends_ = trusted ? `, extending the trusted checkpoint of ${trusted.size}` : '';
  return {
    status: 'ok',
    events: range.size,
    checkpointSize,
    message: `${range.size} events verified against the signed checkpoint of ${origin}${legacy}${extends_}${witnessed}`,
    ...(newest ? { checkpointNote: newest.note } : {}),
    ...(cosignedBy ? { cosignedBy } : {}),
  };
}
