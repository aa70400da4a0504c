// The audit export: JSON Lines, events in leaf order, each followed in due course by the signed checkpoint the
// server published over it, and always ending with a checkpoint that covers every exported event:
//   {"type":"event","leaf_index":0,"hash":"<hex leaf hash>","event":<canonical JSON of the event>}
//   {"type":"checkpoint","note":"<C2SP signed note>"}
// An export that starts mid-log opens with {"type":"start","size":N,"frontier":[...]} and the checkpoint of N.
// Writing the event as its canonical JSON, last on the line, lets a verifier hash the bytes it read without
// re-canonicalizing. `hash` is optional for the verifier but lets it name a changed event exactly.
import { z } from 'zod';
import { canonicalEventJson } from './event.ts';

export const EventLineSchema = z.strictObject({
  type: z.literal('event'),
  leaf_index: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  // Checked for shape only: the verifier hashes what it read; the content was validated when it was appended.
  event: z.custom<Record<string, unknown>>(
    (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
    'event must be an object',
  ),
});

export const CheckpointLineSchema = z.strictObject({
  type: z.literal('checkpoint'),
  note: z.string(),
});

/**
 * Opens an export that starts mid-log (an export `since`): the frontier of the first `size` leaves, hex, largest
 * subtree first. Only the first line may be one; the checkpoint of that size follows and vouches for it.
 */
export const StartLineSchema = z.strictObject({
  type: z.literal('start'),
  size: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  frontier: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
});

/**
 * A consistency proof (RFC 6962 §2.1.2, hex) from an older tree size `from` to the start line's size, so that a
 * verifier holding a trusted checkpoint of `from` can tie it to an export that starts after it. The server never
 * writes one; `warrant audit export --trusted` fetches it and puts it after the start line (see trusted-state.ts).
 */
export const ConsistencyLineSchema = z.strictObject({
  type: z.literal('consistency'),
  from: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  to: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  proof: z.array(z.string().regex(/^[0-9a-f]{64}$/)).max(64),
});

/**
 * A process allowed to sign events (event-signers.ts), listed before the events: its key and the installation
 * key's signature over it, which the verifier checks with the key it was given.
 */
export const SignerLineSchema = z.strictObject({
  type: z.literal('signer'),
  key_id: z.string(),
  public_key: z.string(),
  registration: z.string(),
});

/**
 * A log that began before writers signed events: the installation key's statement that its first `size` leaves,
 * under `root` (hex), predate writer signatures (unsigned-prefix.ts). At most one, before the events.
 */
export const UnsignedPrefixLineSchema = z.strictObject({
  type: z.literal('unsigned_prefix'),
  origin: z.string(),
  size: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  root: z.string().regex(/^[0-9a-f]{64}$/),
  signature: z.string(),
});

export const ExportLineSchema = z.discriminatedUnion('type', [
  SignerLineSchema,
  UnsignedPrefixLineSchema,
  EventLineSchema,
  CheckpointLineSchema,
  StartLineSchema,
  ConsistencyLineSchema,
]);

export type EventLine = z.infer<typeof EventLineSchema>;
export type CheckpointLine = z.infer<typeof CheckpointLineSchema>;
export type StartLine = z.infer<typeof StartLineSchema>;
export type ConsistencyLine = z.infer<typeof ConsistencyLineSchema>;
export type SignerLine = z.infer<typeof SignerLineSchema>;
export type UnsignedPrefixLine = z.infer<typeof UnsignedPrefixLineSchema>;
export type ExportLine = z.infer<typeof ExportLineSchema>;

/**
 * An event line, written as the verifier's fast path reads it: the event's canonical JSON last. `event` may be a
 * stored record; its leaf_index and hash fields are left out of the event.
 */
export function formatEventLine(
  leafIndex: number,
  event: Readonly<Record<string, unknown>>,
  leafHash: Uint8Array,
): string {
  const hash = Buffer.from(leafHash).toString('hex');
  return `{"type":"event","leaf_index":${leafIndex},"hash":"${hash}","event":${canonicalEventJson(event)}}`;
}

/** The note as the server published it: the signed bytes are kept exactly, newlines escaped by JSON. */
export function formatCheckpointLine(note: string): string {
  return JSON.stringify({ type: 'checkpoint', note });
}

export function formatStartLine(size: number, frontier: readonly Uint8Array[]): string {
  return JSON.stringify({
    type: 'start',
    size,
    frontier: frontier.map((hash) => Buffer.from(hash).toString('hex')),
  });
}

export function formatConsistencyLine(from: number, to: number, proof: readonly string[]): string {
  return JSON.stringify({ type: 'consistency', from, to, proof });
}

export function formatSignerLine(listing: Omit<SignerLine, 'type'>): string {
  return JSON.stringify({
    type: 'signer',
    key_id: listing.key_id,
    public_key: listing.public_key,
    registration: listing.registration,
  });
}

export function formatUnsignedPrefixLine(prefix: Omit<UnsignedPrefixLine, 'type'>): string {
  return JSON.stringify({
    type: 'unsigned_prefix',
    origin: prefix.origin,
    size: prefix.size,
    root: prefix.root,
    signature: prefix.signature,
  });
}

/** Parses one line; throws (SyntaxError or ZodError) when it is not JSON or not an export line. */
export function parseExportLine(text: string): ExportLine {
  return ExportLineSchema.parse(JSON.parse(text));
}
