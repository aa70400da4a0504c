#!/usr/bin/env node
// Verifies a Warrant review pack with plain Node and no dependencies:
//   node scripts/verify-review-pack.mjs PACK.zip [--key VERIFIER_KEY | --key KEY_FILE]
// Unzips the pack (store method), checks every file against the SHA-256 and size in manifest.json, reports
// files the manifest does not list, and prints the tenant's signed audit checkpoint. With --key (the verifier
// key from GET /v1/audit/public-key, obtained separately, as its text or a file holding it), it checks the
// checkpoint's signature. Then it checks every claim of claims.json: each cited event's canonical JSON hashes
// to a leaf whose inclusion proof (RFC 9162) leads to the checkpoint's root, names the claim's action and the
// pack's tenant, and the claim's count equals the number of distinct events so proven. The manifest is not
// signed, so the claims are checked against the checkpoint, not the manifest: an edited count, a dropped event
// or an altered proof fails even when the manifest was rewritten to match.
// Exit codes: 0 verified, 1 a hash, size, signature or claim does not verify (each named), 2 unusable input.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const args = process.argv.slice(2);
const keyAt = args.indexOf('--key');
const keyArg = keyAt >= 0 ? args.splice(keyAt, 2)[1] : undefined;
const [path] = args;

function unusable(message) {
  console.error(`unusable: ${message}`);
  process.exit(2);
}

function unzip(buffer) {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) unusable('no ZIP end-of-directory record');
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) unusable('bad central directory entry');
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (method !== 0) unusable(`${name} is compressed; review packs use the store method`);
    if (buffer.readUInt32LE(local) !== 0x04034b50) unusable(`bad local header of ${name}`);
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const bytes = buffer.subarray(start, start + size);
    files.set(name, { bytes, crcOk: crc32(bytes) === crc });
    at += 46 + nameLength + extra;
  }
  return files;
}

/** The key text: --key names a file holding it, or is the key itself ("<name>+<hash>+<base64>"). */
function readKey(arg) {
  if (arg === undefined) return undefined;
  let text = arg;
  if (existsSync(arg)) {
    try {
      text = readFileSync(arg, 'utf8');
    } catch (error) {
      unusable(`--key ${arg}: ${error.message}`);
    }
  }
  text = text.trim();
  if (!/^[^\s+]+\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/.test(text))
    unusable('--key is not a note verifier key or a file holding one');
  return text;
}

/** Checks a C2SP signed note against a verifier key "<name>+<hash>+<base64(0x01 || key)>". */
function signatureOk(note, key) {
  const [name, hashHex] = key.split('+');
  const body = Buffer.from(key.slice(name.length + hashHex.length + 2), 'base64');
  if (body.length !== 33 || body[0] !== 1) unusable('not an Ed25519 verifier key');
  const keyHash = createHash('sha256')
    .update(`${name}\n`)
    .update(body)
    .digest()
    .subarray(0, 4)
    .toString('hex');
  if (keyHash !== hashHex) unusable("the verifier key's hash does not match its name and key");
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: body.subarray(1).toString('base64url') },
    format: 'jwk',
  });
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  for (const line of note
    .slice(split + 2)
    .trimEnd()
    .split('\n')) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!match || match[1] !== name) continue;
    const blob = Buffer.from(match[2], 'base64');
    if (blob.subarray(0, 4).toString('hex') !== hashHex) continue;
    return verify(null, Buffer.from(text), publicKey, blob.subarray(4));
  }
  return false;
}

/** The checkpoint body's size and root hash (c2sp.org/tlog-checkpoint: origin, size, base64 root). */
function checkpointTree(note) {
  const [, sizeText, rootText] = note.split('\n');
  const root = Buffer.from(rootText ?? '', 'base64');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText ?? '') || root.length !== 32 || root.toString('base64') !== rootText)
    return undefined;
  return { size: Number(sizeText), root };
}

const sha256 = (...parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const leafHash = (bytes) => sha256(Buffer.of(0), bytes);
const nodeHash = (left, right) => sha256(Buffer.of(1), left, right);

/** RFC 9162 section 2.1.3.2: the audit path leads from the leaf at `index` to `root` of a tree of `size`. */
function inclusionOk(index, size, leaf, proof, root) {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size || !Array.isArray(proof)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const hex of proof) {
    if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex) || sn === 0) return false;
    const p = Buffer.from(hex, 'hex');
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
  return sn === 0 && r.equals(root);
}

/** Why one cited event does not prove anything for `claim`, or undefined when it does. */
function eventProblem(claim, cited, tree, tenantId) {
  if (typeof cited?.event !== 'string') return 'the event text is missing';
  let event;
  try {
    event = JSON.parse(cited.event);
  } catch {
    return 'the event text is not JSON';
  }
  if (event?.event_id !== cited.event_id) return `the event text is of ${event?.event_id}`;
  if (event.tenant_id !== tenantId) return `the event is of tenant ${event.tenant_id}`;
  if (event.action !== claim.action) return `the event is a ${event.action}, not a ${claim.action}`;
  const leaf = leafHash(Buffer.from(cited.event, 'utf8'));
  if (cited.leaf_hash !== undefined && cited.leaf_hash !== leaf.toString('hex'))
    return 'the event text does not hash to its leaf_hash';
  if (!inclusionOk(cited.leaf_index, tree.size, leaf, cited.inclusion, tree.root))
    return `its inclusion proof does not lead to the checkpoint's root (leaf ${cited.leaf_index} of ${tree.size})`;
  return undefined;
}

/** The claim as its section states it: the count and events there must be the ones proven here. */
function sectionClaim(claim) {
  const file = files.get(`sections/${claim.section}.json`);
  try {
    return JSON.parse(file.bytes.toString('utf8')).summary_payload.claims.find((c) => c.key === claim.key);
  } catch {
    return undefined;
  }
}

/** Checks every claim; prints one line per claim and returns how many fail. */
function checkClaims(claimsFile, tree) {
  let claimsDoc;
  try {
    claimsDoc = JSON.parse(claimsFile.bytes.toString('utf8'));
  } catch {
    unusable(`${manifest.claims.path} is not JSON`);
  }
  if (!Array.isArray(claimsDoc?.claims)) unusable(`${manifest.claims.path} has no claims`);
  let failed = 0;
  for (const claim of claimsDoc.claims) {
    const problems = [];
    const proven = new Set();
    for (const cited of Array.isArray(claim.events) ? claim.events : []) {
      const problem = eventProblem(claim, cited, tree, manifest.tenant_id);
      if (problem) problems.push(`event ${cited?.event_id}: ${problem}`);
      else proven.add(cited.event_id);
    }
    if (!Number.isSafeInteger(claim.count) || claim.count !== proven.size)
      problems.push(`states ${claim.count}, but ${proven.size} distinct ${claim.action} event(s) are proven`);
    const stated = sectionClaim(claim);
    const cited = (claim.events ?? []).map((e) => e?.event_id);
    if (
      !stated ||
      stated.count !== claim.count ||
      JSON.stringify([...stated.event_ids].sort()) !== JSON.stringify([...cited].sort())
    )
      problems.push(`differs from the claim sections/${claim.section}.json states`);
    if (problems.length > 0) failed++;
    console.log(`${problems.length ? 'CLAIM FAILED' : 'claim ok    '} ${claim.key}: ${claim.statement}`);
    for (const problem of problems) console.log(`    ${problem}`);
  }
  return failed;
}

if (!path) unusable('usage: verify-review-pack.mjs PACK.zip [--key VERIFIER_KEY | --key KEY_FILE]');
const verifierKey = readKey(keyArg);
let buffer;
try {
  buffer = readFileSync(path);
} catch (error) {
  unusable(error.message);
}
const files = unzip(buffer);
const manifestFile = files.get('manifest.json');
if (!manifestFile) unusable('the pack has no manifest.json');
let manifest;
try {
  manifest = JSON.parse(manifestFile.bytes.toString('utf8'));
} catch {
  unusable('manifest.json is not JSON');
}
let failures = 0;
const listed = new Set();
for (const entry of manifest.files ?? []) {
  listed.add(entry.path);
  const file = files.get(entry.path);
  const actual = file && createHash('sha256').update(file.bytes).digest('hex');
  const ok = file && file.crcOk && actual === entry.sha256 && file.bytes.length === entry.size;
  if (!ok) failures++;
  console.log(`${ok ? 'ok      ' : 'MISMATCH'} ${entry.path} ${entry.sha256}`);
}
for (const name of files.keys()) {
  if (name !== 'manifest.json' && !listed.has(name)) {
    failures++;
    console.log(`UNLISTED ${name}`);
  }
}
const note = manifest.checkpoint?.note ?? '';
if (files.get('checkpoint.txt')?.bytes.toString('utf8') !== note) {
  failures++;
  console.log('MISMATCH checkpoint.txt differs from the manifest checkpoint');
}
console.log(
  `\nreview ${manifest.review_id} of tenant ${manifest.tenant_name} (${manifest.tenant_id}), released ${manifest.released_at}`,
);
console.log(`audit checkpoint (${manifest.checkpoint?.size} events):\n${note}`);
const tree = checkpointTree(note);
if (!tree) unusable('the manifest checkpoint is not a signed tlog checkpoint');
if (manifest.claims) {
  const claimsFile = files.get(manifest.claims.path);
  if (!claimsFile) unusable(`the pack has no ${manifest.claims.path}`);
  failures += checkClaims(claimsFile, tree);
}
// Last, so the verdict on what the claims were proven against sits next to the overall one.
if (verifierKey) {
  const ok = signatureOk(note, verifierKey);
  if (!ok) failures++;
  console.log(ok ? 'checkpoint signature: ok' : 'checkpoint signature: MISMATCH');
} else {
  console.log(
    'checkpoint signature: not checked (no --key): the claims were proven against an unauthenticated checkpoint',
  );
}
console.log(failures === 0 ? 'verified' : `${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
