#!/usr/bin/env node
// Verifies a Warrant review pack with plain Node and no dependencies:
//   node scripts/verify-review-pack.mjs PACK.zip [--key VERIFIER_KEY]
// Unzips the pack (store method), checks every file against the SHA-256 and size in manifest.json, reports
// files the manifest does not list, and prints the tenant's signed audit checkpoint. With --key (the verifier
// key from GET /v1/audit/public-key, obtained separately), it also checks the checkpoint's signature.
// Exit codes: 0 verified, 1 a hash, size or signature does not match, 2 the pack cannot be read.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const args = process.argv.slice(2);
const keyAt = args.indexOf('--key');
const verifierKey = keyAt >= 0 ? args.splice(keyAt, 2)[1] : undefined;
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

/** Checks a C2SP signed note against a verifier key "<name>+<hash>+<base64(0x01 || key)>". */
function signatureOk(note, key) {
  const [name, hashHex] = key.split('+');
  const body = Buffer.from(key.slice(name.length + hashHex.length + 2), 'base64');
  if (body.length !== 33 || body[0] !== 1) unusable('not an Ed25519 verifier key');
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: body.subarray(1).toString('base64url') }, format: 'jwk' });
  const split = note.lastIndexOf('\n\n');
  const text = note.slice(0, split + 1);
  for (const line of note.slice(split + 2).trimEnd().split('\n')) {
    const match = /^\u2014 (\S+) (\S+)$/u.exec(line);
    if (!match || match[1] !== name) continue;
    const blob = Buffer.from(match[2], 'base64');
    if (blob.subarray(0, 4).toString('hex') !== hashHex) continue;
    return verify(null, Buffer.from(text), publicKey, blob.subarray(4));
  }
  return false;
}

if (!path) unusable('usage: verify-review-pack.mjs PACK.zip [--key VERIFIER_KEY]');
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
console.log(`\nreview ${manifest.review_id} of tenant ${manifest.tenant_name} (${manifest.tenant_id}), released ${manifest.released_at}`);
console.log(`audit checkpoint (${manifest.checkpoint?.size} events):\n${note}`);
if (verifierKey) {
  const ok = signatureOk(note, verifierKey);
  if (!ok) failures++;
  console.log(ok ? 'checkpoint signature: ok' : 'checkpoint signature: MISMATCH');
}
console.log(failures === 0 ? 'verified' : `${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
