/**
 * Policies decided without Cedar. Cedar evaluates every policy it is asked with (≈5 µs each in wasm), so a set of
 * a thousand that all may hold costs milliseconds per step. Most policies people write use only a fragment of
 * the language that cannot fail on the attributes the engine always supplies: string and string-set attributes,
 * string and boolean literals, `==`, `!=`, `&&`, `||`, `!`, `if`, `like`, `contains(Any|All)`, `isEmpty`, `has`,
 * `is` and `in` on the request's own entities (which have no parents). Such a policy is compiled here, once, into
 * a JavaScript predicate that gives Cedar's answer (the policy holds or not; never an error); anything outside
 * the fragment (numbers, extension functions, context, tags, records) is left to Cedar. The property test
 * checks the two against each other on random policies and questions.
 */
import type * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { AttributeType, Attrs, SuppliedAttributes } from './slice.ts';

export interface EntityRef {
  type: string;
  id: string;
}

/** One question's request, with values of exactly the supplied types (see `wellTyped`). */
export interface Request {
  principal: EntityRef;
  resource: EntityRef;
  principalAttrs: Attrs;
  resourceAttrs: Attrs;
}

/** Whether the policy's scope and conditions hold for the request: as Cedar would answer. */
export type Holds = (request: Request) => boolean;

type Value = string | boolean | readonly string[] | EntityRef | readonly EntityRef[];
type StaticType = 'Bool' | 'String' | 'Set<String>' | 'Entity' | 'Set<Entity>';
interface Compiled {
  type: StaticType;
  run: (request: Request) => Value;
}

/** Thrown while compiling: the expression is outside the fragment and goes to Cedar. */
class Outside extends Error {}
const outside = (): never => {
  throw new Outside();
};

const builtIn = (e: cedar.Expr) => e as cedar.ExprNoExt;
/** What literals are run with: they read nothing of the request. */
const NO_REQUEST: Request = {
  principal: { type: '', id: '' },
  resource: { type: '', id: '' },
  principalAttrs: {},
  resourceAttrs: {},
};

function entityOf(json: cedar.EntityUidJson): EntityRef {
  const uid = '__entity' in json ? json.__entity : json;
  return { type: uid.type, id: uid.id };
}

const sameEntity = (a: EntityRef, b: EntityRef) => a.type === b.type && a.id === b.id;

/** Cedar's `==`: never an error; values of different types are not equal; sets compare as sets. */
function equal(a: Value, b: Value, type: StaticType): boolean {
  switch (type) {
    case 'String':
    case 'Bool':
      return a === b;
    case 'Entity':
      return sameEntity(a as EntityRef, b as EntityRef);
    case 'Set<String>': {
      const [x, y] = [a as readonly string[], b as readonly string[]];
      return x.every((v) => y.includes(v)) && y.every((v) => x.includes(v));
    }
    case 'Set<Entity>': {
      const [x, y] = [a as readonly EntityRef[], b as readonly EntityRef[]];
      return (
        x.every((v) => y.some((w) => sameEntity(v, w))) && y.every((v) => x.some((w) => sameEntity(v, w)))
      );
    }
  }
}

function member(set: Value, item: Value, elementType: 'String' | 'Entity'): boolean {
  return elementType === 'String'
    ? (set as readonly string[]).includes(item as string)
    : (set as readonly EntityRef[]).some((e) => sameEntity(e, item as EntityRef));
}

/**
 * Cedar's `like`: `*` matches any run of characters, everything else itself. Linear backtracking over the last
 * wildcard (the classic two-pointer match), so a pattern of many wildcards costs at most length × pattern.
 * Code units suffice: both sides are well-formed strings, so a literal never matches half a character.
 */
export function likeMatches(text: string, pattern: readonly cedar.PatternElem[]): boolean {
  return likeMatcher(pattern)(text);
}

/** The pattern flattened once to one entry per code unit of a literal, `null` for a wildcard. */
function likeMatcher(pattern: readonly cedar.PatternElem[]): (text: string) => boolean {
  const units: (string | null)[] = [];
  for (const elem of pattern) {
    if (elem === 'Wildcard') units.push(null);
    else units.push(...elem.Literal.split(''));
  }
  return (text) => matchUnits(text, units);
}

function matchUnits(text: string, units: readonly (string | null)[]): boolean {
  let t = 0;
  let p = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < units.length && units[p] !== null && units[p] === text[t]) {
      t++;
      p++;
    } else if (p < units.length && units[p] === null) {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < units.length && units[p] === null) p++;
  return p === units.length;
}

function compileExpr(e: cedar.Expr, supplied: SuppliedAttributes): Compiled {
  const node = builtIn(e);
  const sub = (x: cedar.Expr) => compileExpr(x, supplied);
  const expect = (c: Compiled, type: StaticType) => (c.type === type ? c : outside());

  if ('Value' in node) {
    const v = node.Value;
    if (typeof v === 'string') return { type: 'String', run: () => v };
    if (typeof v === 'boolean') return { type: 'Bool', run: () => v };
    if (v !== null && typeof v === 'object' && '__entity' in v) {
      const entity = entityOf(v as cedar.EntityUidJson);
      return { type: 'Entity', run: () => entity };
    }
    return outside();
  }
  if ('Var' in node) {
    if (node.Var === 'principal') return { type: 'Entity', run: (r) => r.principal };
    if (node.Var === 'resource') return { type: 'Entity', run: (r) => r.resource };
    return outside();
  }
  if ('.' in node) {
    const { on, type } = suppliedAttribute(node['.'].left, node['.'].attr, supplied);
    const attr = node['.'].attr;
    return on === 'principal'
      ? { type, run: (r) => r.principalAttrs[attr] as Value }
      : { type, run: (r) => r.resourceAttrs[attr] as Value };
  }
  if ('has' in node) {
    const attr = node.has.attr;
    if (typeof attr !== 'string') return outside();
    suppliedAttribute(node.has.left, attr, supplied);
    return { type: 'Bool', run: () => true };
  }
  if ('!' in node) {
    const arg = expect(sub(node['!'].arg), 'Bool');
    return { type: 'Bool', run: (r) => !arg.run(r) };
  }
  if ('&&' in node || '||' in node) {
    const and = '&&' in node;
    const { left, right } = and ? node['&&'] : node['||'];
    const [l, rt] = [expect(sub(left), 'Bool'), expect(sub(right), 'Bool')];
    return and
      ? { type: 'Bool', run: (r) => (l.run(r) as boolean) && (rt.run(r) as boolean) }
      : { type: 'Bool', run: (r) => (l.run(r) as boolean) || (rt.run(r) as boolean) };
  }
  if ('==' in node || '!=' in node) {
    const negate = '!=' in node;
    const { left, right } = negate ? node['!='] : node['=='];
    const [l, rt] = [sub(left), sub(right)];
    // Values of different types are never equal (no error), which is exactly `false` here.
    if (l.type !== rt.type) return { type: 'Bool', run: () => negate };
    const type = l.type;
    return { type: 'Bool', run: (r) => equal(l.run(r), rt.run(r), type) !== negate };
  }
  if ('if-then-else' in node) {
    const branch = node['if-then-else'];
    const cond = expect(sub(branch.if), 'Bool');
    const [then, otherwise] = [sub(branch.then), sub(branch.else)];
    // Strict validation gives both branches one type; a mix would make the result's type unknown here.
    if (then.type !== otherwise.type) return outside();
    return { type: then.type, run: (r) => (cond.run(r) ? then.run(r) : otherwise.run(r)) };
  }
  if ('like' in node) {
    const text = expect(sub(node.like.left), 'String');
    const matches = likeMatcher(node.like.pattern);
    return { type: 'Bool', run: (r) => matches(text.run(r) as string) };
  }
  if ('is' in node) {
    const entity = expect(sub(node.is.left), 'Entity');
    const type = node.is.entity_type;
    const within = node.is.in === undefined ? undefined : inEntities(entity, sub(node.is.in));
    return {
      type: 'Bool',
      run: (r) => (entity.run(r) as EntityRef).type === type && (within === undefined || within(r)),
    };
  }
  if ('in' in node) {
    const within = inEntities(expect(sub(node.in.left), 'Entity'), sub(node.in.right));
    return { type: 'Bool', run: within };
  }
  if ('contains' in node) {
    const set = sub(node.contains.left);
    const item = sub(node.contains.right);
    const element = elementOf(set.type);
    // An item of another type is in no set: `false`, as Cedar answers.
    if (item.type !== element) return { type: 'Bool', run: () => false };
    return { type: 'Bool', run: (r) => member(set.run(r), item.run(r), element) };
  }
  if ('containsAll' in node || 'containsAny' in node) {
    const all = 'containsAll' in node;
    const { left, right } = all ? node.containsAll : node.containsAny;
    const [set, other] = [sub(left), sub(right)];
    const element = elementOf(set.type);
    if (other.type !== set.type) return outside();
    return {
      type: 'Bool',
      run: (r) => {
        const [have, want] = [set.run(r), other.run(r) as readonly (string | EntityRef)[]];
        return all ? want.every((v) => member(have, v, element)) : want.some((v) => member(have, v, element));
      },
    };
  }
  if ('isEmpty' in node) {
    const set = sub(node.isEmpty.arg);
    elementOf(set.type);
    return { type: 'Bool', run: (r) => (set.run(r) as readonly Value[]).length === 0 };
  }
  if ('Set' in node) {
    const items = node.Set.map(sub);
    const first = items[0];
    if (first === undefined || items.some((i) => i.type !== first.type)) return outside();
    if (first.type !== 'String' && first.type !== 'Entity') return outside();
    const type = first.type === 'String' ? 'Set<String>' : 'Set<Entity>';
    // A set of literals is built once, not per question.
    if (node.Set.every((item) => 'Value' in builtIn(item))) {
      const value = dedupe(items.map((i) => i.run(NO_REQUEST)) as string[] | EntityRef[]);
      return { type, run: () => value };
    }
    return { type, run: (r) => dedupe(items.map((i) => i.run(r)) as string[] | EntityRef[]) };
  }
  return outside();
}

function dedupe(values: string[] | EntityRef[]): Value {
  if (values.length === 0 || typeof values[0] === 'string') return [...new Set(values as string[])];
  const kept: EntityRef[] = [];
  for (const v of values as EntityRef[]) if (!kept.some((k) => sameEntity(k, v))) kept.push(v);
  return kept;
}

function elementOf(type: StaticType): 'String' | 'Entity' {
  if (type === 'Set<String>') return 'String';
  if (type === 'Set<Entity>') return 'Entity';
  return outside();
}

/** `x in y` on the request's entities, which have no parents: `x == y`, or `x` equal to one of a set's. */
function inEntities(entity: Compiled, within: Compiled): (r: Request) => boolean {
  if (within.type === 'Entity')
    return (r) => sameEntity(entity.run(r) as EntityRef, within.run(r) as EntityRef);
  if (within.type === 'Set<Entity>') return (r) => member(within.run(r), entity.run(r), 'Entity');
  return outside();
}

function suppliedAttribute(
  left: cedar.Expr,
  attr: string,
  supplied: SuppliedAttributes,
): { on: 'principal' | 'resource'; type: StaticType } {
  const target = builtIn(left);
  if (!('Var' in target) || (target.Var !== 'principal' && target.Var !== 'resource')) return outside();
  const table = supplied[target.Var];
  // An own property only: the table is a plain object, and `attr` could be e.g. "constructor".
  if (!Object.hasOwn(table, attr)) return outside();
  return { on: target.Var, type: table[attr] as AttributeType };
}

function scope(
  constraint: cedar.PrincipalConstraint | cedar.ResourceConstraint,
  of: (r: Request) => EntityRef,
): ((r: Request) => boolean) | undefined {
  switch (constraint.op) {
    case 'All':
      return undefined;
    case '==':
    case 'in': {
      if (!('entity' in constraint)) return outside();
      const entity = entityOf(constraint.entity);
      return (r) => sameEntity(of(r), entity);
    }
    case 'is': {
      const type = constraint.entity_type;
      if (constraint.in === undefined) return (r) => of(r).type === type;
      if (!('entity' in constraint.in)) return outside();
      const entity = entityOf(constraint.in.entity);
      return (r) => of(r).type === type && sameEntity(of(r), entity);
    }
  }
}

/**
 * The predicate for a policy (its action scope aside: the engine applies that), or `undefined` when some part
 * of it is outside the fragment and only Cedar may judge it.
 */
export function compilePolicy(json: cedar.PolicyJson, supplied: SuppliedAttributes): Holds | undefined {
  try {
    const tests = [
      scope(json.principal, (r) => r.principal),
      scope(json.resource, (r) => r.resource),
      ...json.conditions.map((clause) => {
        const body = compileExpr(clause.body, supplied);
        if (body.type !== 'Bool') return outside();
        return clause.kind === 'when'
          ? (r: Request) => body.run(r) === true
          : (r: Request) => body.run(r) === false;
      }),
    ].filter((test) => test !== undefined);
    return (request) => tests.every((test) => test(request));
  } catch (error) {
    if (error instanceof Outside) return undefined;
    throw error;
  }
}

/**
 * Whether the request's values are of exactly the supplied types and well-formed (Cedar refuses a lone
 * surrogate): only then may compiled policies answer for Cedar.
 */
export function wellTyped(request: Request, supplied: SuppliedAttributes): boolean {
  const strings = [request.principal.id, request.resource.id];
  for (const on of ['principal', 'resource'] as const) {
    const attrs = on === 'principal' ? request.principalAttrs : request.resourceAttrs;
    for (const [attr, type] of Object.entries(supplied[on])) {
      const value = attrs[attr];
      if (type === 'String') {
        if (typeof value !== 'string') return false;
        strings.push(value);
      } else {
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return false;
        strings.push(...(value as string[]));
      }
    }
  }
  return strings.every((s) => s.isWellFormed());
}
