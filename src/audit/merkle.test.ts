import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendLeaves,
  assemble,
  assembleRoot,
  CompactRange,
  consistencyPlan,
  EMPTY_ROOT,
  frontierPlan,
  type HashPlan,
  inclusionPlan,
  leafHash,
  MissingNodeError,
  nodeHash,
  nodeKey,
  planNodes,
  rootPlan,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const dh = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

// Known answers copied from github.com/transparency-dev/merkle: testonly/constants.go (LeafInputs, NodeHashes,
// RootHashes) and proof/verify_test.go (inclusionProofs, consistencyProofs; leaf numbers there are 1-based).
// They are RFC 6962's test tree, the values of the Go certificate-transparency reference code.
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(dh);

const NODE_HASHES = [
  [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
    '0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7',
    '07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7',
    'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    '4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658',
    'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
    '46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1',
  ],
  [
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
    '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
    'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  ],
  [
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
  ],
  ['5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'],
];

// ROOTS[size - 1]
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const INCLUSION_PROOFS: { leaf: number; size: number; proof: string[] }[] = [
  {
    leaf: 1,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    leaf: 6,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { leaf: 3, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    leaf: 2,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
];

const CONSISTENCY_PROOFS: { size1: number; size2: number; proof: string[] }[] = [
  { size1: 1, size2: 1, proof: [] },
  {
    size1: 1,
    size2: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    size1: 6,
    size2: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    size1: 2,
    size2: 5,
    proof: [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  {
    size1: 6,
    size2: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

// Reference definitions, written straight from RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 (recursive, slow).
function largestPow2Below(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function mth(d: Uint8Array[]): Uint8Array {
  if (d.length === 0) return EMPTY_ROOT;
  if (d.length === 1) return d[0]!;
  const k = largestPow2Below(d.length);
  return nodeHash(mth(d.slice(0, k)), mth(d.slice(k)));
}

function refPath(m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length <= 1) return [];
  const k = largestPow2Below(d.length);
  return m < k
    ? [...refPath(m, d.slice(0, k)), mth(d.slice(k))]
    : [...refPath(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function refSubproof(m: number, d: Uint8Array[], b: boolean): Uint8Array[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = largestPow2Below(d.length);
  return m <= k
    ? [...refSubproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...refSubproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

/** Every complete node of a tree, as storage would hold it after appending all leaves. */
function allNodes(leaves: Uint8Array[]): Map<string, Uint8Array> {
  const nodes = new Map<string, Uint8Array>();
  let level = leaves;
  for (let l = 0; level.length > 0; l++) {
    level.forEach((h, i) => {
      nodes.set(nodeKey(l, i), h);
    });
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return nodes;
}

/** Fetches exactly the nodes a plan asks for, as the storage query would. */
function fetchFor(plan: HashPlan, store: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const fetched = new Map<string, Uint8Array>();
  for (const n of planNodes(plan)) {
    const key = nodeKey(n.level, n.index);
    const h = store.get(key);
    if (h) fetched.set(key, h);
  }
  return fetched;
}

const testLeaves = (n: number, salt = 0) =>
  Array.from({ length: n }, (_, i) => leafHash(new TextEncoder().encode(`${salt}:${i}`)));

const flipped = (proof: Uint8Array[], which: number, byte: number, bit: number) =>
  proof.map((h, i) => {
    if (i !== which) return h;
    const copy = new Uint8Array(h);
    copy[byte]! ^= 1 << bit;
    return copy;
  });

describe('known answers (RFC 6962 test tree)', () => {
  const leaves = LEAF_INPUTS.map(leafHash);
  const store = allNodes(leaves);

  it('hashes leaves and complete nodes', () => {
    NODE_HASHES.forEach((level, l) => {
      level.forEach((h, i) => {
        expect(hex(store.get(nodeKey(l, i))!)).toBe(h);
      });
    });
  });

  it('roots of sizes 0..8, from stored nodes and from the appender', () => {
    expect(hex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(hex(assembleRoot(0, new Map()))).toBe(hex(EMPTY_ROOT));
    for (let size = 1; size <= 8; size++) {
      expect(hex(assembleRoot(size, fetchFor(rootPlan(size), store)))).toBe(ROOTS[size - 1]);
      expect(hex(appendLeaves(0, [], leaves.slice(0, size)).root)).toBe(ROOTS[size - 1]);
    }
  });

  it.each(INCLUSION_PROOFS)('inclusion of leaf $leaf in size $size', ({ leaf, size, proof }) => {
    const plan = inclusionPlan(leaf - 1, size);
    expect(assemble(plan, fetchFor(plan, store)).map(hex)).toEqual(proof);
    const root = dh(ROOTS[size - 1]!);
    const path = proof.map(dh);
    expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, path, root)).toBe(true);
    // Probes from transparency-dev's corruptInclusionProof.
    expect(verifyInclusion(leaf - 2, size, leaves[leaf - 1]!, path, root)).toBe(false);
    expect(verifyInclusion(leaf, size, leaves[leaf - 1]!, path, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size * 2, leaves[leaf - 1]!, path, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, Math.floor(size / 2), leaves[leaf - 1]!, path, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, EMPTY_ROOT, path, root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, path, EMPTY_ROOT)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, [...path, root], root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, [root, ...path], root)).toBe(false);
    expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, path.slice(0, -1), root)).toBe(false);
    path.forEach((_, i) => {
      expect(verifyInclusion(leaf - 1, size, leaves[leaf - 1]!, flipped(path, i, 0, 3), root)).toBe(false);
    });
  });

  it('inclusion in a one-leaf tree is the empty proof', () => {
    expect(inclusionPlan(0, 1)).toEqual([]);
    expect(verifyInclusion(0, 1, leaves[0]!, [], leaves[0]!)).toBe(true);
    expect(verifyInclusion(0, 0, leaves[0]!, [], leaves[0]!)).toBe(false);
    expect(verifyInclusion(1, 1, leaves[0]!, [], leaves[0]!)).toBe(false);
  });

  it.each(CONSISTENCY_PROOFS)('consistency $size1 -> $size2', ({ size1, size2, proof }) => {
    const plan = consistencyPlan(size1, size2);
    expect(assemble(plan, fetchFor(plan, store)).map(hex)).toEqual(proof);
    const r1 = dh(ROOTS[size1 - 1]!);
    const r2 = dh(ROOTS[size2 - 1]!);
    const path = proof.map(dh);
    expect(verifyConsistency(size1, size2, path, r1, r2)).toBe(true);
    if (path.length === 0) return;
    // Probes from transparency-dev's corruptConsistencyProof.
    expect(verifyConsistency(size1 - 1, size2, path, r1, r2)).toBe(false);
    expect(verifyConsistency(size1 + 1, size2, path, r1, r2)).toBe(false);
    expect(verifyConsistency(size1, size2 * 2, path, r1, r2)).toBe(false);
    expect(verifyConsistency(size1, size2, path, r2, r1)).toBe(false);
    expect(verifyConsistency(size1, size2, [], r1, r2)).toBe(false);
    expect(verifyConsistency(size1, size2, [...path, r1], r1, r2)).toBe(false);
    expect(verifyConsistency(size1, size2, [path[0]!, ...path], r1, r2)).toBe(false);
    expect(verifyConsistency(size1, size2, path.slice(0, -1), r1, r2)).toBe(false);
    path.forEach((_, i) => {
      expect(verifyConsistency(size1, size2, flipped(path, i, 0, 4), r1, r2)).toBe(false);
    });
  });

  it('trivial consistency cases', () => {
    expect(verifyConsistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)).toBe(true);
    expect(verifyConsistency(0, 3, [], EMPTY_ROOT, dh(ROOTS[2]!))).toBe(true);
    expect(verifyConsistency(1, 1, [], leaves[0]!, leaves[1]!)).toBe(false);
    expect(verifyConsistency(2, 1, [], leaves[0]!, leaves[0]!)).toBe(false);
    expect(verifyConsistency(1, 1, [EMPTY_ROOT], leaves[0]!, leaves[0]!)).toBe(false);
    expect(() => consistencyPlan(3, 2)).toThrow(RangeError);
  });

  it('names the node storage failed to return', () => {
    const plan = inclusionPlan(2, 5);
    const partial = fetchFor(plan, store);
    partial.delete(nodeKey(1, 0));
    expect(() => assemble(plan, partial)).toThrow(MissingNodeError);
    expect(planNodes(plan)).toEqual([
      { level: 0, index: 3 },
      { level: 1, index: 0 },
      { level: 0, index: 4 },
    ]);
  });
});

describe('properties', () => {
  const sizes = fc.integer({ min: 1, max: 300 });

  it('inclusion plans give RFC 9162 paths that verify, and fail with any flipped bit', () => {
    fc.assert(
      fc.property(
        sizes.chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1), fc.nat(), fc.nat(255))),
        ([n, i, pick, bitPick]) => {
          const leaves = testLeaves(n, n);
          const store = allNodes(leaves);
          const plan = inclusionPlan(i, n);
          const proof = assemble(plan, fetchFor(plan, store));
          const root = mth(leaves);
          expect(proof.map(hex)).toEqual(refPath(i, leaves).map(hex));
          expect(verifyInclusion(i, n, leaves[i]!, proof, root)).toBe(true);
          if (proof.length > 0) {
            const bad = flipped(proof, pick % proof.length, bitPick % 32, bitPick % 8);
            expect(verifyInclusion(i, n, leaves[i]!, bad, root)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('consistency plans give RFC 9162 proofs that verify, and fail with any flipped bit', () => {
    fc.assert(
      fc.property(
        sizes.chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.nat(), fc.nat(255))),
        ([n, m, pick, bitPick]) => {
          const leaves = testLeaves(n, n);
          const store = allNodes(leaves);
          const plan = consistencyPlan(m, n);
          const proof = assemble(plan, fetchFor(plan, store));
          const [r1, r2] = [mth(leaves.slice(0, m)), mth(leaves)];
          expect(proof.map(hex)).toEqual(refSubproof(m, leaves, true).map(hex));
          expect(verifyConsistency(m, n, proof, r1, r2)).toBe(true);
          if (proof.length > 0) {
            const bad = flipped(proof, pick % proof.length, bitPick % 32, bitPick % 8);
            expect(verifyConsistency(m, n, bad, r1, r2)).toBe(false);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('appending in random batches yields the reference root, nodes and frontier', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { maxLength: 12 }), (batches) => {
        const total = batches.reduce((a, b) => a + b, 0);
        const leaves = testLeaves(total);
        const stored = new Map<string, Uint8Array>();
        let state = { size: 0, frontier: [] as Uint8Array[], root: EMPTY_ROOT };
        for (const count of batches) {
          // The next batch starts from the frontier fetched out of storage, as the server would.
          const frontier = assemble(frontierPlan(state.size), stored);
          const result = appendLeaves(state.size, frontier, leaves.slice(state.size, state.size + count));
          for (const n of result.nodes) {
            expect(stored.has(nodeKey(n.level, n.index))).toBe(false);
            stored.set(nodeKey(n.level, n.index), n.hash);
          }
          state = result;
          expect(hex(result.root)).toBe(hex(mth(leaves.slice(0, result.size))));
        }
        const reference = allNodes(leaves);
        expect([...stored.keys()].sort()).toEqual([...reference.keys()].sort());
        for (const [k, h] of reference) expect(hex(stored.get(k)!)).toBe(hex(h));
        expect(state.frontier.map(hex)).toEqual(assemble(frontierPlan(total), reference).map(hex));
      }),
      { numRuns: 100 },
    );
  });

  it('rejects a frontier that does not fit the size', () => {
    expect(() => new CompactRange(3, [EMPTY_ROOT])).toThrow(RangeError);
    expect(() => appendLeaves(2, [EMPTY_ROOT, EMPTY_ROOT], [])).toThrow(RangeError);
  });
});
