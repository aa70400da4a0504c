// The Go interoperability test vector: a small Warrant log (fixed events, a key from a fixed seed) with two signed
// checkpoints, every inclusion proof and one consistency proof, written in the shapes Go's golang.org/x/mod/sumdb
// reads: hashes as standard base64 (tlog.Hash's JSON form), checkpoints as signed notes, the verifier key as a
// note key. test/vectors/go/main.go checks it with sumdb/note and sumdb/tlog; go-vector.test.ts regenerates it and
// holds the committed file to it. Everything is made through Warrant's own functions, so the vector follows them.
import { createHash, createPrivateKey, type KeyObject, sign } from 'node:crypto';
import {
  formatVerifierKey,
  parseSignerKey,
  type SignerKey,
  signCheckpoint,
} from '../../src/audit/checkpoint.ts';
import { type AuditEventBody, canonicalEventJson } from '../../src/audit/event.ts';
import { signedEventJson, signerIdOf } from '../../src/audit/event-signer.ts';
import {
  appendLeaves,
  assemble,
  consistencyPlan,
  inclusionPlan,
  leafHash,
  nodeKey,
} from '../../src/audit/merkle.ts';
import { originOf } from '../../src/audit/tree-store.ts';

export const VECTOR_FORMAT = 'warrant.go-interop-vector.v1';
export const VECTOR_FILE = new URL('./warrant-go-vector.json', import.meta.url);

const TENANT = '00000000-0000-4000-8000-000000000017';
/** Fixed Ed25519 seeds, for the checkpoints and for the events' writer: the same vector every run. */
const SEED = createHash('sha256').update('warrant go interoperability vector').digest();
const WRITER_SEED = createHash('sha256').update('warrant go interoperability vector: event writer').digest();
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

const ed25519 = (seed: Buffer): { privateKey: KeyObject; publicKey: Buffer } => {
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: Buffer.from(privateKey.export({ format: 'jwk' }).x!, 'base64url') };
};
const OLD_SIZE = 3;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/**
 * The vector's signer key, named for the log's origin as c2sp.org/tlog-checkpoint asks: built as the note text a
 * key file holds ("PRIVATE+KEY+<name>+<key hash>+<base64(0x01 || seed)>") and read by parseSignerKey.
 */
function vectorSigner(origin: string): SignerKey {
  const { publicKey } = ed25519(SEED);
  // signed-note's key ID: SHA-256(name || "\n" || 0x01 || public key)[:4]; parseSignerKey checks it.
  const keyHash = createHash('sha256').update(`${origin}\n`).update(Uint8Array.of(1)).update(publicKey);
  const id = keyHash.digest().subarray(0, 4).toString('hex');
  return parseSignerKey(`PRIVATE+KEY+${origin}+${id}+${b64(Buffer.concat([Uint8Array.of(1), SEED]))}`);
}

const actor: AuditEventBody['actor'] = {
  id: '00000000-0000-4000-8000-0000000000a1',
  type: 'agent',
  roles: ['agent'],
  tenant_id: TENANT,
};
const approver = (n: number): AuditEventBody['actor'] => ({
  id: `00000000-0000-4000-8000-0000000000b${n}`,
  type: 'user',
  roles: ['approver'],
  tenant_id: TENANT,
});
const PLAN = '00000000-0000-4000-8000-0000000000c1';
const RUN = '00000000-0000-4000-8000-0000000000d1';

/**
 * The body signed as appendAudit signs it (event-signer.ts's signEvent, with a fixed key rather than the
 * process's): the writer's key id in `signer`, and the Ed25519 signature of the canonical JSON without `signature`.
 */
function signed(body: AuditEventBody, writer: { privateKey: KeyObject; publicKey: Buffer }): AuditEventBody {
  const unsigned = { ...body, signer: signerIdOf(writer.publicKey) };
  const signature = sign(null, Buffer.from(signedEventJson(unsigned), 'utf8'), writer.privateKey);
  return { ...unsigned, signature: signature.toString('base64') };
}

/** A plan's life in seven events, as appendAudit writes them (AuditEventBody, signed by their writer). */
function events(): AuditEventBody[] {
  const event = (
    n: number,
    action: AuditEventBody['action'],
    who: AuditEventBody['actor'],
    context: Record<string, unknown>,
    decision: AuditEventBody['decision'] = null,
  ): AuditEventBody => ({
    event_id: `00000000-0000-4000-8000-00000000000${n}`,
    tenant_id: TENANT,
    occurred_at: `2026-03-01T10:0${n}:00.000Z`,
    actor: who,
    action,
    decision,
    context,
    evidence_refs: [],
  });
  const writer = ed25519(WRITER_SEED);
  return [
    event(1, 'plan.submitted', actor, { plan_id: PLAN, environment: 'prod' }, 'require_approval'),
    event(2, 'approval.granted', approver(1), { plan_id: PLAN, comment: 'ok — «checked»' }),
    event(3, 'approval.granted', approver(2), { plan_id: PLAN }),
    event(4, 'plan.approved', approver(2), { plan_id: PLAN }, 'allow'),
    event(5, 'run.queued', actor, { plan_id: PLAN, run_id: RUN }),
    event(6, 'run.started', actor, { plan_id: PLAN, run_id: RUN }),
    event(7, 'run.succeeded', actor, { plan_id: PLAN, run_id: RUN }),
  ].map((body) => signed(body, writer));
}

export interface GoVector {
  format: string;
  description: string;
  origin: string;
  verifier_key: string;
  /** The events' writer: `signer` in each event is this key's id (event-signer.ts), the key base64. */
  event_writer: { key_id: string; public_key: string };
  leaves: { index: number; data: string; hash: string }[];
  checkpoints: { size: number; root: string; note: string }[];
  inclusion: { index: number; tree_size: number; proof: string[] }[];
  consistency: { old_size: number; new_size: number; proof: string[] };
}

export function goVector(): GoVector {
  const origin = originOf(TENANT);
  const signer = vectorSigner(origin);
  const writerKey = ed25519(WRITER_SEED).publicKey;
  const data = events().map((event) => canonicalEventJson(event));
  const hashes = data.map((text) => leafHash(text));
  const tree = appendLeaves(0, [], hashes);
  const nodes = new Map(tree.nodes.map((node) => [nodeKey(node.level, node.index), node.hash]));
  const old = appendLeaves(0, [], hashes.slice(0, OLD_SIZE));
  const checkpoint = (size: number, root: Uint8Array) => ({
    size,
    root: b64(root),
    note: signCheckpoint({ origin, size, rootHash: root }, signer),
  });
  return {
    format: VECTOR_FORMAT,
    description:
      'A Warrant audit log of 7 events: leaf data is the canonical JSON of each event (signed by its writer, ' +
      'event_writer), leaf hashes SHA-256(0x00 || data), checkpoints C2SP signed notes; ' +
      'check with test/vectors/go (sumdb/note, sumdb/tlog).',
    origin,
    verifier_key: formatVerifierKey(signer),
    event_writer: { key_id: signerIdOf(writerKey), public_key: b64(writerKey) },
    leaves: data.map((text, index) => ({ index, data: text, hash: b64(hashes[index]!) })),
    checkpoints: [checkpoint(OLD_SIZE, old.root), checkpoint(tree.size, tree.root)],
    inclusion: data.map((_, index) => ({
      index,
      tree_size: tree.size,
      proof: assemble(inclusionPlan(index, tree.size), nodes).map(b64),
    })),
    consistency: {
      old_size: OLD_SIZE,
      new_size: tree.size,
      proof: assemble(consistencyPlan(OLD_SIZE, tree.size), nodes).map(b64),
    },
  };
}

/** The file's text: two-space JSON and a final newline, as the repository's formatter leaves it. */
export const vectorText = (vector: GoVector): string => `${JSON.stringify(vector, null, 2)}\n`;
