// RFC 9162 (RFC 6962) Merkle tree over SHA-256, shaped for a store that keeps only the hashes of complete,
// aligned subtrees: node (level, index) covers leaves [index * 2^level, (index + 1) * 2^level).
import { hash } from 'node:crypto';

export const HASH_SIZE = 32;

/** Root of the empty tree: SHA-256 of the empty string (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

export interface StoredNode extends NodeId {
  readonly hash: Uint8Array;
}

/**
 * A proof or root expressed in stored nodes: each part is one proof element (or the root), the hash of a
 * run of complete subtrees from left to right, folded right to left as RFC 9162 splits uneven trees.
 */
export type HashPlan = readonly (readonly NodeId[])[];

export class MissingNodeError extends Error {
  readonly node: NodeId;
  constructor(node: NodeId) {
    super(`merkle node (level ${node.level}, index ${node.index}) is missing`);
    this.name = 'MissingNodeError';
    this.node = node;
  }
}

function sha256(data: Uint8Array): Uint8Array {
  // One-shot crypto.hash is markedly faster than createHash() for small inputs.
  return hash('sha256', data, 'buffer');
}

/** SHA-256(0x00 || data); a string is hashed as its UTF-8 bytes, sparing a copy on hot paths. */
export function leafHash(data: Uint8Array | string): Uint8Array {
  if (typeof data === 'string') return hash('sha256', `\0${data}`, 'buffer');
  const buf = new Uint8Array(1 + data.length);
  buf.set(data, 1);
  return sha256(buf);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = new Uint8Array(1 + left.length + right.length);
  buf[0] = 1;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/** Key of a node in the Map handed to assemble(); storage uses the same key for fetched rows. */
export function nodeKey(level: number, index: number): string {
  return `${level}:${index}`;
}

// Sizes and indices are plain numbers: safe integers, so 32-bit bitwise operators are avoided throughout.
function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative integer`);
}

function bitLength(x: number): number {
  let n = 0;
  for (let v = x; v > 0; v = Math.floor(v / 2)) n++;
  return n;
}

function trailingZeros(x: number): number {
  let n = 0;
  for (let v = x; v > 0 && v % 2 === 0; v /= 2) n++;
  return n;
}

function bitAt(x: number, level: number): number {
  return Math.floor(x / 2 ** level) % 2;
}

/** The complete subtrees that exactly cover leaves [begin, end), left to right, largest first. */
export function rangeNodes(begin: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = begin;
  while (at < end) {
    let level = at === 0 ? bitLength(end) : trailingZeros(at);
    while (2 ** level > end - at) level--;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** Root of a tree of `size` leaves. */
export function rootPlan(size: number): HashPlan {
  checkCount('size', size);
  return [rangeNodes(0, size)];
}

/** The frontier (compact range) of a tree of `size` leaves, one part per node: what appendLeaves needs. */
export function frontierPlan(size: number): HashPlan {
  return rootPlan(size)[0]!.map((node) => [node]);
}

// Audit path of the node at `level` above `leafIndex`, in a tree of `size` leaves, bottom-up (RFC 9162 §2.1.3.1):
// below the level where the paths to leafIndex and size-1 meet, siblings (a right one may be truncated at size);
// above it, only left siblings remain.
function pathPlan(leafIndex: number, size: number, fromLevel: number): NodeId[][] {
  const parts: NodeId[][] = [];
  const split = bitLength(xorBits(leafIndex, size - 1));
  for (let level = fromLevel; level < split; level++) {
    const sibling = Math.floor(leafIndex / 2 ** level) + (bitAt(leafIndex, level) === 1 ? -1 : 1);
    const begin = sibling * 2 ** level;
    parts.push(rangeNodes(begin, Math.min(begin + 2 ** level, size)));
  }
  for (let level = Math.max(split, fromLevel); 2 ** level <= leafIndex; level++) {
    if (bitAt(leafIndex, level) === 1) parts.push([{ level, index: Math.floor(leafIndex / 2 ** level) - 1 }]);
  }
  return parts;
}

function xorBits(a: number, b: number): number {
  let out = 0;
  for (let level = 0, x = a, y = b; x > 0 || y > 0; level++, x = Math.floor(x / 2), y = Math.floor(y / 2)) {
    if (x % 2 !== y % 2) out += 2 ** level;
  }
  return out;
}

export function inclusionPlan(leafIndex: number, size: number): HashPlan {
  checkCount('leafIndex', leafIndex);
  checkCount('size', size);
  if (leafIndex >= size) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${size}`);
  return pathPlan(leafIndex, size, 0);
}

/** Consistency proof between sizes m and n (RFC 9162 §2.1.4.1); empty when m is 0 or m equals n. */
export function consistencyPlan(m: number, n: number): HashPlan {
  checkCount('m', m);
  checkCount('n', n);
  if (m > n) throw new RangeError(`cannot prove consistency from size ${m} to a smaller size ${n}`);
  if (m === 0 || m === n) return [];
  // The last complete subtree of the old tree anchors the proof; it is omitted when it is the old root itself.
  const level = trailingZeros(m);
  const anchor: NodeId = { level, index: m / 2 ** level - 1 };
  const path = pathPlan(m - 1, n, level);
  return m === 2 ** level ? path : [[anchor], ...path];
}

/** Every distinct node a plan reads, for one storage query. */
export function planNodes(...plans: HashPlan[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const plan of plans) {
    for (const part of plan) for (const node of part) seen.set(nodeKey(node.level, node.index), node);
  }
  return [...seen.values()];
}

/** Hashes of a plan's parts, from the nodes storage fetched (keyed by nodeKey). */
export function assemble(plan: HashPlan, nodes: ReadonlyMap<string, Uint8Array>): Uint8Array[] {
  return plan.map((part) => {
    if (part.length === 0) return EMPTY_ROOT;
    let acc: Uint8Array | undefined;
    for (let i = part.length - 1; i >= 0; i--) {
      const id = part[i]!;
      const h = nodes.get(nodeKey(id.level, id.index));
      if (h === undefined) throw new MissingNodeError(id);
      acc = acc === undefined ? h : nodeHash(h, acc);
    }
    return acc!;
  });
}

/** Root assembled from fetched nodes (see rootPlan). */
export function assembleRoot(size: number, nodes: ReadonlyMap<string, Uint8Array>): Uint8Array {
  return assemble(rootPlan(size), nodes)[0]!;
}

function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function wellFormed(hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h.length === HASH_SIZE);
}

/** RFC 9162 §2.1.3.2, step by step. */
export function verifyInclusion(
  leafIndex: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(size) || leafIndex < 0 || leafIndex >= size) {
    return false;
  }
  if (!wellFormed([leaf, root, ...proof])) return false;
  let fn = leafIndex;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(r, root);
}

/** RFC 9162 §2.1.4.2, step by step; sizes 0 → n and m → m hold with an empty proof. */
export function verifyConsistency(
  m: number,
  n: number,
  proof: readonly Uint8Array[],
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) return false;
  if (!wellFormed([oldRoot, newRoot, ...proof])) return false;
  if (m === 0) return proof.length === 0;
  if (m === n) return proof.length === 0 && equalHashes(oldRoot, newRoot);
  if (proof.length === 0) return false;
  const path = m === 2 ** trailingZeros(m) ? [oldRoot, ...proof] : proof;
  let fn = m - 1;
  let sn = n - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(fr, oldRoot) && equalHashes(sr, newRoot);
}

/**
 * The right edge of a tree (its compact range): one complete subtree per set bit of `size`, largest first.
 * Appending a leaf merges equal-sized subtrees, so each leaf costs O(1) hashes amortized.
 */
export class CompactRange {
  #size: number;
  readonly #frontier: Uint8Array[];

  constructor(size = 0, frontier: readonly Uint8Array[] = []) {
    checkCount('size', size);
    if (frontier.length !== rangeNodes(0, size).length || !wellFormed(frontier)) {
      throw new RangeError(`frontier does not match a tree of size ${size}`);
    }
    this.#size = size;
    this.#frontier = [...frontier];
  }

  get size(): number {
    return this.#size;
  }

  get frontier(): readonly Uint8Array[] {
    return this.#frontier;
  }

  /** Appends one leaf hash; reports each complete node it creates, the leaf first, then its new ancestors. */
  append(leaf: Uint8Array, onNode?: (node: StoredNode) => void): void {
    const index = this.#size;
    let h = leaf;
    onNode?.({ level: 0, index, hash: h });
    let level = 0;
    for (let i = index; i % 2 === 1; i = (i - 1) / 2) {
      h = nodeHash(this.#frontier.pop()!, h);
      level++;
      onNode?.({ level, index: (i - 1) / 2, hash: h });
    }
    this.#frontier.push(h);
    this.#size = index + 1;
  }

  root(): Uint8Array {
    const f = this.#frontier;
    if (f.length === 0) return EMPTY_ROOT;
    let acc = f[f.length - 1]!;
    for (let i = f.length - 2; i >= 0; i--) acc = nodeHash(f[i]!, acc);
    return acc;
  }
}

export interface AppendResult {
  /** Every complete node the batch creates, to insert as (level, index, hash) rows. */
  readonly nodes: StoredNode[];
  readonly size: number;
  /** Hashes of rangeNodes(0, size), largest first: what the next batch passes back in. */
  readonly frontier: Uint8Array[];
  readonly root: Uint8Array;
}

/** Appends a batch to a tree known only by its size and frontier (fetch it with frontierPlan(size)). */
export function appendLeaves(
  size: number,
  frontier: readonly Uint8Array[],
  leaves: readonly Uint8Array[],
): AppendResult {
  const range = new CompactRange(size, frontier);
  const nodes: StoredNode[] = [];
  const collect = (node: StoredNode) => nodes.push(node);
  for (const leaf of leaves) range.append(leaf, collect);
  return { nodes, size: range.size, frontier: [...range.frontier], root: range.root() };
}
