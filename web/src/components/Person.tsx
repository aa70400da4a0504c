import { type Actors, nameOf, useActors, useKnown } from '../lib/actors.ts';

const KIND: Record<string, string> = { user: 'person', service: 'service', agent: 'agent' };

/** A person, service or agent by name, with what it is and its id on hover. */
export function Person({ id, me, actors }: { id: string | null | undefined; me?: string; actors?: Actors }) {
  const loaded = useActors();
  const known = actors ?? loaded;
  useKnown(known, id);
  const actor = id ? known.get(id) : undefined;
  return (
    <span
      className="person"
      title={actor ? `${KIND[actor.type] ?? actor.type} · ${actor.id}` : (id ?? undefined)}
    >
      {nameOf(known, id, me)}
    </span>
  );
}
