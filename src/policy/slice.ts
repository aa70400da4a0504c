/**
 * Policy slicing: Cedar's cost grows with every policy in the set it is asked with, so the engine asks with
 * only the policies that could hold. Cedar evaluates a policy as its scope, then its conditions in order,
 * `&&` by `&&`, left to right, short-circuiting: once a conjunct is false nothing after it is evaluated
 * (so nothing after it can fail). A policy's leading conjuncts that are plain comparisons of an attribute
 * the engine always supplies with a string literal (its guards) can then be evaluated here; when one is
 * false the policy is "not satisfied, no error", exactly as if it were not in the set, and is left out.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';

export type AttributeType = 'String' | 'Set<String>';

/** The attributes the engine supplies on every request, each with the type it always has. */
export interface SuppliedAttributes {
  principal: Readonly<Record<string, AttributeType>>;
  resource: Readonly<Record<string, AttributeType>>;
}

/** `on.attr == value`, `on.attr != value` (either operand order) or `on.attr.contains(value)`. */
export interface Guard {
  on: 'principal' | 'resource';
  attr: string;
  op: '==' | '!=' | 'contains';
  value: string;
}

export type Attrs = Record<string, cedar.CedarValueJson>;

// Extension calls (`ip(...)`, `decimal(...)`) are keyed by function name, never by an operator, so the
// operator checks below only need the built-in forms.
const builtIn = (e: cedar.Expr) => e as cedar.ExprNoExt;

/** The leaves of a `&&` tree, in the order Cedar evaluates them. */
function conjuncts(e: cedar.Expr): cedar.Expr[] {
  const node = builtIn(e);
  return '&&' in node ? [...conjuncts(node['&&'].left), ...conjuncts(node['&&'].right)] : [e];
}

function attribute(e: cedar.Expr, type: AttributeType, supplied: SuppliedAttributes) {
  const node = builtIn(e);
  if (!('.' in node)) return undefined;
  const target = builtIn(node['.'].left);
  if (!('Var' in target) || (target.Var !== 'principal' && target.Var !== 'resource')) return undefined;
  const attr = node['.'].attr;
  // An own property only: the table is a plain object, and `attr` could be e.g. "constructor".
  return Object.hasOwn(supplied[target.Var], attr) && supplied[target.Var][attr] === type
    ? { on: target.Var, attr }
    : undefined;
}

function stringLiteral(e: cedar.Expr): string | undefined {
  const node = builtIn(e);
  return 'Value' in node && typeof node.Value === 'string' ? node.Value : undefined;
}

function guardOf(e: cedar.Expr, supplied: SuppliedAttributes): Guard | undefined {
  const node = builtIn(e);
  if ('contains' in node) {
    const read = attribute(node.contains.left, 'Set<String>', supplied);
    const value = stringLiteral(node.contains.right);
    return read && value !== undefined ? { ...read, op: 'contains', value } : undefined;
  }
  const comparison =
    '==' in node
      ? { op: '==' as const, ...node['=='] }
      : '!=' in node
        ? { op: '!=' as const, ...node['!='] }
        : undefined;
  if (!comparison) return undefined;
  const { op, left, right } = comparison;
  const compare = (a: cedar.Expr, b: cedar.Expr): Guard | undefined => {
    const read = attribute(a, 'String', supplied);
    const value = stringLiteral(b);
    return read && value !== undefined ? { ...read, op, value } : undefined;
  };
  return compare(left, right) ?? compare(right, left);
}

/**
 * The policy's guards: its leading conjuncts, from the first `when` on, up to the first that is not a guard.
 * A `when` made only of guards lets the next condition's leading guards count too; an `unless` ends them.
 */
export function leadingGuards(json: cedar.PolicyJson, supplied: SuppliedAttributes): Guard[] {
  const guards: Guard[] = [];
  for (const clause of json.conditions) {
    if (clause.kind !== 'when') break;
    for (const leaf of conjuncts(clause.body)) {
      const guard = guardOf(leaf, supplied);
      if (!guard) return guards;
      guards.push(guard);
    }
  }
  return guards;
}

/**
 * False only when the guard is certainly false. A value that is not of its declared type (a caller that broke
 * the types) leaves the policy in, for Cedar to judge.
 */
export function guardHolds(guard: Guard, principal: Attrs, resource: Attrs): boolean {
  const value = (guard.on === 'principal' ? principal : resource)[guard.attr];
  switch (guard.op) {
    case '==':
      return typeof value !== 'string' || value === guard.value;
    case '!=':
      return typeof value !== 'string' || value !== guard.value;
    case 'contains':
      return !Array.isArray(value) || value.includes(guard.value);
  }
}

/** The indices of the policies none of whose guards is false. */
export function survivors(
  policies: readonly { guards: readonly Guard[] }[],
  principal: Attrs,
  resource: Attrs,
): number[] {
  const kept: number[] = [];
  for (let i = 0; i < policies.length; i++) {
    if (policies[i]!.guards.every((guard) => guardHolds(guard, principal, resource))) kept.push(i);
  }
  return kept;
}

/** A pre-parsed set in Cedar's store, and the attributes its policies read. */
export interface Slice {
  id: string;
  attributes: ReadonlySet<string>;
}

/**
 * A bounded set of slots in Cedar's store of pre-parsed policy sets, least recently used first out. The store
 * has no unload, but pre-parsing under an id in use replaces what it held: evicting a slice reuses its slot,
 * so however many slices are asked for, at most `capacity` are held.
 */
export class SliceSlots {
  /** Keyed by the slice's content; Map order is recency, oldest first. */
  readonly #held = new Map<string, Slice>();
  readonly #prefix: string;
  readonly #capacity: number;

  constructor(prefix: string, capacity: number) {
    this.#prefix = prefix;
    this.#capacity = capacity;
  }

  /**
   * The slot holding the slice with this key, pre-parsing `policies` into one when it is not held. The key
   * must name the content (the same key, the same policies).
   */
  acquire(
    key: string,
    policies: () => Record<string, cedar.PolicyJson>,
    attributes: () => ReadonlySet<string>,
  ): Slice | { errors: string[] } {
    const held = this.#held.get(key);
    if (held) {
      this.#held.delete(key);
      this.#held.set(key, held);
      return held;
    }
    // While below capacity the slots in use are exactly 0 … size-1.
    const oldest = this.#held.size < this.#capacity ? undefined : this.#held.keys().next().value;
    const id = oldest === undefined ? `${this.#prefix}#${this.#held.size}` : this.#held.get(oldest)!.id;
    const parsed = cedar.preparsePolicySet(id, { staticPolicies: policies() });
    // A failed pre-parse leaves the slot as it was, so the oldest slice stays held.
    if (parsed.type === 'failure') return { errors: parsed.errors.map((e) => e.message) };
    if (oldest !== undefined) this.#held.delete(oldest);
    const slice = { id, attributes: attributes() };
    this.#held.set(key, slice);
    return slice;
  }
}
