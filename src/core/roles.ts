export const roles = ['admin', 'approver', 'operator', 'auditor', 'viewer', 'agent', 'break_glass'] as const;
export type Role = (typeof roles)[number];

export const actorTypes = ['user', 'service', 'agent'] as const;
export type ActorType = (typeof actorTypes)[number];

/** The caller of a request, resolved from its API key or OIDC token. */
export interface Actor {
  id: string;
  type: ActorType;
  name: string;
  roles: Role[];
  tenant_id: string;
  tenant_name: string;
  /** The first admin: may create tenants and act in any tenant. */
  is_root: boolean;
}

export const hasRole = (actor: Actor, ...wanted: Role[]): boolean =>
  actor.roles.some((role) => wanted.includes(role));

/** A person handle as stored: NFKC, trimmed, lower case, so "Alice " and "alice" are one person. */
export const normalizePerson = (person: string): string => person.normalize('NFKC').trim().toLowerCase();
