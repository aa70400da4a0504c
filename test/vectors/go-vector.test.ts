// The Go interoperability vector is Warrant's own output: regenerated here from fixed events and a fixed key seed,
// it must equal the committed file byte for byte, and Warrant's verifiers must accept it. test/vectors/go checks
// the same file with Go's golang.org/x/mod/sumdb (not run here: CI has no Go). To rewrite the file after an
// intended change of the log's format: WARRANT_UPDATE_VECTORS=1 npx vitest run test/vectors/go-vector.test.ts

import { createPublicKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAndVerifyCheckpoint } from '../../src/audit/checkpoint.ts';
import { checkEventSignature } from '../../src/audit/event-signer.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/audit/merkle.ts';
import { goVector, VECTOR_FILE, VECTOR_FORMAT, vectorText } from './go-vector.ts';

const fromB64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

if (process.env.WARRANT_UPDATE_VECTORS === '1') writeFileSync(VECTOR_FILE, vectorText(goVector()));

describe('Go interoperability vector', () => {
  const committed = readFileSync(VECTOR_FILE, 'utf8');
  const vector = goVector();

  it('is regenerated deterministically and equals the committed file', () => {
    expect(vectorText(goVector())).toBe(vectorText(vector));
    expect(committed).toBe(vectorText(vector));
    expect(vector.format).toBe(VECTOR_FORMAT);
  });

  it("is accepted by Warrant's own checkpoint and proof verifiers", () => {
    const [old, latest] = vector.checkpoints;
    for (const checkpoint of [old!, latest!]) {
      const parsed = parseAndVerifyCheckpoint(checkpoint.note, vector.verifier_key);
      expect(parsed).toMatchObject({ origin: vector.origin, size: checkpoint.size });
      expect(Buffer.from(parsed.rootHash).toString('base64')).toBe(checkpoint.root);
    }
    const writer = createPublicKey({
      key: {
        kty: 'OKP',
        crv: 'Ed25519',
        x: Buffer.from(vector.event_writer.public_key, 'base64').toString('base64url'),
      },
      format: 'jwk',
    });
    const writerKey = (id: string) => (id === vector.event_writer.key_id ? writer : undefined);
    for (const leaf of vector.leaves) {
      // Each event is signed by its writer, as appendAudit signs them and the integrator checks them.
      expect(checkEventSignature(JSON.parse(leaf.data), writerKey)).toBeUndefined();
      const hash = leafHash(new TextEncoder().encode(leaf.data));
      expect(Buffer.from(hash).toString('base64')).toBe(leaf.hash);
      const proof = vector.inclusion[leaf.index]!;
      expect(
        verifyInclusion(leaf.index, proof.tree_size, hash, proof.proof.map(fromB64), fromB64(latest!.root)),
      ).toBe(true);
    }
    const { consistency } = vector;
    expect(consistency).toMatchObject({ old_size: old!.size, new_size: latest!.size });
    expect(
      verifyConsistency(
        consistency.old_size,
        consistency.new_size,
        consistency.proof.map(fromB64),
        fromB64(old!.root),
        fromB64(latest!.root),
      ),
    ).toBe(true);
  });

  it('has the shapes sumdb reads: note key named for the origin, tlog.Hash base64, a tampered proof fails', () => {
    // note.NewVerifier takes "<name>+<hash>+<key>"; C2SP tlog-checkpoint names the log's key after its origin.
    expect(vector.verifier_key.split('+')[0]).toBe(vector.origin);
    const hashes = [
      ...vector.leaves.map((l) => l.hash),
      ...vector.checkpoints.map((c) => c.root),
      ...vector.inclusion.flatMap((p) => p.proof),
      ...vector.consistency.proof,
    ];
    // tlog.Hash.UnmarshalJSON accepts exactly 44 characters of standard base64 ending in '='.
    for (const hash of hashes) expect(hash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    // The vector exercises non-ASCII leaf data: Go hashes the same UTF-8 bytes.
    expect(vector.leaves.some((l) => Buffer.byteLength(l.data) > l.data.length)).toBe(true);
    const proof = vector.inclusion[2]!;
    const bent: Uint8Array[] = proof.proof.map(fromB64);
    bent[0] = leafHash('not the sibling');
    expect(
      verifyInclusion(
        2,
        proof.tree_size,
        fromB64(vector.leaves[2]!.hash),
        bent,
        fromB64(vector.checkpoints[1]!.root),
      ),
    ).toBe(false);
  });
});
