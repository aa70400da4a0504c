import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type CheckpointErrorCode,
  formatVerifierKey,
  generateSignerKey,
  parseAndVerifyCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signCheckpoint,
} from './checkpoint.ts';
import { leafHash } from './merkle.ts';

// Known answer from golang.org/x/mod/sumdb/note (package documentation and note_test.go): Ed25519 is
// deterministic, so this key must give exactly this key hash and this signature over this text.
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIG_BLOB =
  'x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=';

const ORIGIN = 'warrant.example/audit';
const checkpoint = { origin: ORIGIN, size: 12345, rootHash: leafHash(new Uint8Array([1, 2, 3])) };

function errorCode(fn: () => unknown): CheckpointErrorCode | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: CheckpointErrorCode }).code;
  }
  return undefined;
}

describe('note keys', () => {
  it('reads Go note keys and reproduces their signature', () => {
    const signer = parseSignerKey(GO_SIGNER);
    expect(formatVerifierKey(signer)).toBe(GO_VERIFIER);
    expect(Buffer.from(parseVerifierKey(GO_VERIFIER).keyHash).toString('hex')).toBe('c74f20a3');
    const signature = sign(null, Buffer.from(GO_TEXT), signer.privateKey);
    expect(Buffer.concat([signer.keyHash, signature]).toString('base64')).toBe(GO_SIG_BLOB);
  });

  it('generates key pairs whose strings round-trip', () => {
    const { signerKey, verifierKey } = generateSignerKey(ORIGIN);
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+warrant\.example\/audit\+[0-9a-f]{8}\+/);
    expect(formatVerifierKey(parseSignerKey(signerKey))).toBe(verifierKey);
    expect(parseVerifierKey(verifierKey).name).toBe(ORIGIN);
  });

  it('rejects malformed keys', () => {
    expect(errorCode(() => parseVerifierKey('nope'))).toBe('bad_key');
    expect(errorCode(() => parseVerifierKey(GO_VERIFIER.replace('c74f20a3', 'c74f20a4')))).toBe('bad_key');
    expect(errorCode(() => parseVerifierKey(GO_VERIFIER.replace('+ARpc', '+AZpc')))).toBe('bad_key');
    expect(errorCode(() => parseSignerKey(GO_VERIFIER))).toBe('bad_key');
    expect(errorCode(() => generateSignerKey('has space'))).toBe('bad_key');
  });
});

describe('checkpoints', () => {
  const { signerKey, verifierKey } = generateSignerKey(ORIGIN);
  const note = signCheckpoint(checkpoint, signerKey);

  it('has the C2SP layout', () => {
    const root = Buffer.from(checkpoint.rootHash).toString('base64');
    expect(note).toMatch(
      new RegExp(
        `^${ORIGIN}\\n12345\\n${root.replace(/[+/]/g, '\\$&')}\\n\\n\u2014 ${ORIGIN} [A-Za-z0-9+/]{91}=\\n$`,
      ),
    );
  });

  it('verifies and parses', () => {
    const parsed = parseAndVerifyCheckpoint(note, verifierKey);
    expect(parsed.origin).toBe(ORIGIN);
    expect(parsed.size).toBe(12345);
    expect(Buffer.from(parsed.rootHash).equals(checkpoint.rootHash)).toBe(true);
    expect(parseAndVerifyCheckpoint(note, parseVerifierKey(verifierKey)).size).toBe(12345);
  });

  it('signs the empty tree', () => {
    const empty = signCheckpoint({ origin: ORIGIN, size: 0, rootHash: new Uint8Array(32) }, signerKey);
    expect(parseAndVerifyCheckpoint(empty, verifierKey).size).toBe(0);
  });

  it('ignores signatures by other keys, as cosigned notes carry them', () => {
    const other = generateSignerKey('witness.example');
    const cosigned = note + signCheckpoint(checkpoint, other.signerKey).split('\n\n')[1];
    expect(parseAndVerifyCheckpoint(cosigned, verifierKey).size).toBe(12345);
    expect(parseAndVerifyCheckpoint(cosigned, other.verifierKey).size).toBe(12345);
  });

  it('rejects a tampered body', () => {
    expect(errorCode(() => parseAndVerifyCheckpoint(note.replace('12345', '12346'), verifierKey))).toBe(
      'bad_signature',
    );
    expect(errorCode(() => parseAndVerifyCheckpoint(note.replace(ORIGIN, 'evil'), verifierKey))).toBe(
      'bad_signature',
    );
    const [body, sig] = note.split('\n\n') as [string, string];
    const root = body.split('\n')[2]!;
    const otherRoot = (root[0] === 'A' ? 'B' : 'A') + root.slice(1);
    expect(
      errorCode(() => parseAndVerifyCheckpoint(`${body.replace(root, otherRoot)}\n\n${sig}`, verifierKey)),
    ).toBe('bad_signature');
  });

  it('rejects a tampered signature', () => {
    const blob = /\u2014 \S+ (\S+)\n$/u.exec(note)![1]!;
    const bytes = Buffer.from(blob, 'base64');
    bytes[10]! ^= 1;
    expect(
      errorCode(() => parseAndVerifyCheckpoint(note.replace(blob, bytes.toString('base64')), verifierKey)),
    ).toBe('bad_signature');
  });

  it('rejects the wrong key, and a note re-signed with another key of the same name', () => {
    const stranger = generateSignerKey(ORIGIN);
    expect(errorCode(() => parseAndVerifyCheckpoint(note, stranger.verifierKey))).toBe('unknown_key');
    const forged = signCheckpoint({ ...checkpoint, size: 99 }, stranger.signerKey);
    expect(errorCode(() => parseAndVerifyCheckpoint(forged, verifierKey))).toBe('unknown_key');
  });

  it('rejects malformed notes', () => {
    const bad = [
      '',
      note.slice(0, -1),
      note.replace('\n\n', '\n'),
      note.replace('12345', '012345'),
      note.replace('12345', '-1'),
      note.replace('12345', '99999999999999999999'),
      note.replace(`${ORIGIN}\n`, ''),
      note.replace('\u2014 ', '- '),
    ];
    for (const text of bad)
      expect(errorCode(() => parseAndVerifyCheckpoint(text, verifierKey))).toBe('malformed');
  });

  it('refuses to sign what it could not parse back', () => {
    expect(() => signCheckpoint({ ...checkpoint, origin: 'a\nb' }, signerKey)).toThrow(RangeError);
    expect(() => signCheckpoint({ ...checkpoint, size: -1 }, signerKey)).toThrow(RangeError);
    expect(() => signCheckpoint({ ...checkpoint, rootHash: new Uint8Array(31) }, signerKey)).toThrow(
      RangeError,
    );
  });
});
