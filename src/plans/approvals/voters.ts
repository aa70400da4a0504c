import type { ActorRecord } from '../../tenancy/tables.ts';

// Votes count people, not keys. A vote answers for every identity behind its actor: the actor, the person it
// acts for, the actors up its `created_by` chain (an actor created by a plan's writer is that writer there),
// and, for a chat vote, whoever linked the chat user to the actor. A writer answers for itself and its person.

/** One actor as far as identity goes. */
export type PersonRecord = Pick<ActorRecord, 'id' | 'person' | 'created_by'>;

/** The key one person's votes share: a second vote under it is a duplicate, and quorum counts these. */
export const voterKey = (actor: PersonRecord): string => `person:${actor.person}`;

/** What a writer of a revision answers for. */
export const writerIdentities = (writer: PersonRecord): string[] => [`actor:${writer.id}`, voterKey(writer)];

/** What a voter answers for: each actor of its chains (its own first) and their persons. */
export function voterIdentities(chains: readonly (readonly PersonRecord[])[]): string[] {
  return [...new Set(chains.flat().flatMap(writerIdentities))];
}

/** What the writers of a plan's revisions (its creator included) answer for. */
export function planWriterIdentities(writers: readonly PersonRecord[]): string[] {
  return [...new Set(writers.flatMap(writerIdentities))];
}
