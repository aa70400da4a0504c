// The console's WebCrypto verifier (web/src/lib/verify.ts) against the server's node:crypto code and the RFC 6962
// test tree: a proof the server's verifier accepts, the browser's accepts, and the same for what it refuses.
import { describe, expect, it } from 'vitest';
import { generateSignerKey, signCheckpoint } from '../src/audit/checkpoint.ts';
import { eventLeafHash } from '../src/audit/event.ts';
import {
  appendLeaves,
  assemble,
  assembleRoot,
  inclusionPlan,
  leafHash,
  nodeKey,
} from '../src/audit/merkle.ts';
import {
  leafHash as browserLeafHash,
  eventLeafBytes,
  fromHex,
  parseAndVerifyCheckpoint,
  toHex,
  verifyEventInclusion,
  verifyInclusion,
} from '../web/src/lib/verify.ts';

// From src/audit/merkle.test.ts (github.com/transparency-dev/merkle's RFC 6962 test tree); leaf numbers 1-based.
const LEAF_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOT_8 = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const PROOF_LEAF_6_OF_8 = [
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
];

function tree(leaves: Uint8Array[]) {
  const { nodes } = appendLeaves(0, [], leaves);
  return new Map(nodes.map((n) => [nodeKey(n.level, n.index), n.hash]));
}

describe('the console verifier', () => {
  it('accepts the RFC 6962 test vector and refuses it altered', async () => {
    const leaf = await browserLeafHash(fromHex(LEAF_INPUTS[5]!));
    const proof = PROOF_LEAF_6_OF_8.map(fromHex);
    expect(await verifyInclusion(5, 8, leaf, proof, fromHex(ROOT_8))).toBe(true);
    expect(await verifyInclusion(4, 8, leaf, proof, fromHex(ROOT_8))).toBe(false);
    expect(await verifyInclusion(5, 8, leaf, proof.slice(1), fromHex(ROOT_8))).toBe(false);
  });

  it('agrees with the server on every leaf of trees of 1 to 17 leaves', async () => {
    const leaves = Array.from({ length: 17 }, (_, i) => leafHash(`event ${i}`));
    const nodes = tree(leaves);
    for (let size = 1; size <= leaves.length; size++) {
      const root = assembleRoot(size, nodes);
      for (let index = 0; index < size; index++) {
        const proof = assemble(inclusionPlan(index, size), nodes);
        expect(await verifyInclusion(index, size, leaves[index]!, proof, root)).toBe(true);
        const wrongLeaf = leaves[(index + 1) % leaves.length]!;
        expect(await verifyInclusion(index, size, wrongLeaf, proof, root)).toBe(false);
      }
    }
  });

  it('hashes an event as the server does, without its place in the log', async () => {
    const event = {
      event_id: 'e1',
      action: 'plan.submitted',
      context: { b: 2, a: 'é' },
      leaf_index: 4,
      hash: 'x',
    };
    expect(toHex(await browserLeafHash(eventLeafBytes(event)))).toBe(toHex(eventLeafHash(event)));
  });

  it('checks a checkpoint signed by the server, and refuses a forged or altered one', async () => {
    const { signerKey, verifierKey } = generateSignerKey('warrant.test/audit');
    const rootHash = leafHash('root');
    const note = signCheckpoint({ origin: 'warrant.test/log', size: 42, rootHash }, signerKey);
    const checkpoint = await parseAndVerifyCheckpoint(note, verifierKey);
    expect(checkpoint).toMatchObject({ origin: 'warrant.test/log', size: 42 });
    expect(toHex(checkpoint.rootHash)).toBe(toHex(rootHash));
    await expect(parseAndVerifyCheckpoint(note.replace('\n42\n', '\n43\n'), verifierKey)).rejects.toThrow(
      /does not match/,
    );
    const other = generateSignerKey('warrant.test/audit').verifierKey;
    await expect(parseAndVerifyCheckpoint(note, other)).rejects.toThrow(/not signed by/);
    await expect(parseAndVerifyCheckpoint(note, 'nonsense')).rejects.toThrow(/not a note key/);
  });

  it('verifies an event end to end against a signed checkpoint', async () => {
    const events = Array.from({ length: 5 }, (_, i) => ({ event_id: `e${i}`, action: 'run.started' }));
    const leaves = events.map((event) => eventLeafHash(event));
    const nodes = tree(leaves);
    const { signerKey, verifierKey } = generateSignerKey('warrant.test/audit');
    const note = signCheckpoint({ origin: 'log', size: 5, rootHash: assembleRoot(5, nodes) }, signerKey);
    const proof = {
      leaf_index: 3,
      tree_size: 5,
      inclusion: assemble(inclusionPlan(3, 5), nodes).map(toHex),
      checkpoint: note,
    };
    await expect(verifyEventInclusion(events[3]!, proof, note, verifierKey)).resolves.toMatchObject({
      size: 5,
    });
    await expect(verifyEventInclusion(events[2]!, proof, note, verifierKey)).rejects.toThrow(/does not lead/);
  });
});
