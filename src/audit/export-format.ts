// The audit export: JSON Lines, events in leaf order, each followed in due course by the signed checkpoint the
// server published over it, and always ending with a checkpoint that covers every exported event:
//   {"type":"event","leaf_index":0,"event":{...,"hash":"<hex leaf hash>"}}
//   {"type":"checkpoint","note":"<C2SP signed note>"}
// An event's `hash` is optional for the verifier but lets it name a changed event exactly rather than by interval.
import { z } from 'zod';
import type { AuditEvent } from './event.ts';

export const EventLineSchema = z.strictObject({
  type: z.literal('event'),
  leaf_index: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  event: z.record(z.string(), z.unknown()),
});

export const CheckpointLineSchema = z.strictObject({
  type: z.literal('checkpoint'),
  note: z.string(),
});

export const ExportLineSchema = z.discriminatedUnion('type', [EventLineSchema, CheckpointLineSchema]);

export type EventLine = z.infer<typeof EventLineSchema>;
export type CheckpointLine = z.infer<typeof CheckpointLineSchema>;
export type ExportLine = z.infer<typeof ExportLineSchema>;

export function formatEventLine(leafIndex: number, event: AuditEvent, leafHash: Uint8Array): string {
  const hash = Buffer.from(leafHash).toString('hex');
  return JSON.stringify({ type: 'event', leaf_index: leafIndex, event: { ...event, hash } });
}

/** The note as the server published it: the signed bytes are kept exactly, newlines escaped by JSON. */
export function formatCheckpointLine(note: string): string {
  return JSON.stringify({ type: 'checkpoint', note });
}

/** Parses one line; throws (SyntaxError or ZodError) when it is not JSON or not an export line. */
export function parseExportLine(text: string): ExportLine {
  return ExportLineSchema.parse(JSON.parse(text));
}
