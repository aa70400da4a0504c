// The tenant's people, services and agents by id, loaded once per session and shared by every page: pages
// show "alice", never an id. An id the cache does not know (an actor created since) loads the list again, once.
import { useEffect, useState } from 'react';
import { getJson } from './api.ts';

// not in the contract yet: getActors (GET /v1/actors)
export interface ActorName {
  id: string;
  name: string;
  type: 'user' | 'service' | 'agent';
  roles: string[];
  person: string;
}

export type Actors = ReadonlyMap<string, ActorName>;

let cache: Promise<Actors> | undefined;
/** Ids already looked for by a fresh load: one that is still missing does not load the list again. */
const missed = new Set<string>();
const loaded = new EventTarget();

/** The tenant's actors, fetched once; a failed fetch is tried again by the next page that asks. */
export function loadActors(): Promise<Actors> {
  cache ??= getJson<{ items: ActorName[] }>('/v1/actors').then(
    ({ items }) => {
      loaded.dispatchEvent(new Event('loaded'));
      return new Map(items.map((actor) => [actor.id, actor]));
    },
    (error: unknown) => {
      cache = undefined;
      throw error;
    },
  );
  return cache;
}

/** Forgets the cache: on sign-out and sign-in (another key may be another tenant). */
export function forgetActors(): void {
  cache = undefined;
  missed.clear();
}

const EMPTY: Actors = new Map();

export function useActors(): Actors {
  const [actors, setActors] = useState<Actors>(EMPTY);
  useEffect(() => {
    let live = true;
    const update = () =>
      void loadActors().then(
        (found) => live && setActors(found),
        () => undefined,
      );
    update();
    loaded.addEventListener('loaded', update);
    return () => {
      live = false;
      loaded.removeEventListener('loaded', update);
    };
  }, []);
  return actors;
}

/** Loads the list again when it does not name `id` (once per id), so that a new actor gets its name. */
export function useKnown(actors: Actors, id: string | null | undefined): void {
  const unknown = actors.size > 0 && id !== null && id !== undefined && !actors.has(id) && !missed.has(id);
  useEffect(() => {
    if (!unknown || !id) return;
    missed.add(id);
    cache = undefined;
    void loadActors().catch(() => undefined);
  }, [unknown, id]);
}

/** "alice", "you", or while the names load (or for an actor since deleted) a placeholder. */
export function nameOf(actors: Actors, id: string | null | undefined, me?: string): string {
  if (!id) return 'nobody';
  if (id === me) return 'you';
  return actors.get(id)?.name ?? (actors.size === 0 ? '…' : 'an unknown actor');
}
