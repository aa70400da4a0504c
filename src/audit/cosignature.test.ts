import { createHash, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSignerKey, parseSignedNote, signCheckpoint } from './checkpoint.ts';
import {
  cosign,
  cosignedMessage,
  generateCosignerKey,
  parseCosignerKey,
  parseCosignerSignerKey,
  validCosignatures,
} from './cosignature.ts';
import { leafHash } from './merkle.ts';

// Built from the text of c2sp.org/tlog-cosignature (Ed25519, cosignature/v1), byte by byte, not from our code:
//   key ID = SHA-256(<name> || "\n" || 0x04 || 32-byte public key)[:4]
//   signature line = "— <name> " || base64(key ID || u64 big-endian timestamp || Ed25519 signature)
//   signed message = "cosignature/v1\n" || "time <decimal>\n" || checkpoint body (with its final newline)
const NAME = 'witness.example.com/w1';
const ORIGIN = 'example.com/behind-the-sofa';
const log = generateSignerKey(ORIGIN);
const note = signCheckpoint({ origin: ORIGIN, size: 20852163, rootHash: leafHash('sofa') }, log.signerKey);
const body = parseSignedNote(note).body;
const witness = generateCosignerKey(NAME);
const signer = parseCosignerSignerKey(witness.signerKey);
const TIME = 1679315147;

describe('tlog-cosignature/v1 (Ed25519)', () => {
  it('signs exactly the bytes the spec defines, in the layout it defines', () => {
    // The key text after its second '+' (base64 may hold more).
    const publicKey = Buffer.from(witness.verifierKey.slice(NAME.length + 10), 'base64');
    expect(publicKey[0]).toBe(0x04);
    const keyId = createHash('sha256')
      .update(Buffer.concat([Buffer.from(`${NAME}\n`), Buffer.from([0x04]), publicKey.subarray(1)]))
      .digest()
      .subarray(0, 4);
    expect(witness.verifierKey).toBe(`${NAME}+${keyId.toString('hex')}+${publicKey.toString('base64')}`);

    const message = Buffer.from(`cosignature/v1\ntime ${TIME}\n${body}`);
    expect(cosignedMessage(body, TIME)).toEqual(message);
    expect(message.toString()).toBe(
      `cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\n${body.split('\n')[2]}\n`,
    );
    const timestamp = Buffer.alloc(8);
    timestamp.writeBigUInt64BE(BigInt(TIME));
    const signature = sign(null, message, signer.privateKey); // Ed25519 is deterministic
    const expected = `\u2014 ${NAME} ${Buffer.concat([keyId, timestamp, signature]).toString('base64')}`;
    expect(cosign(body, signer, TIME)).toBe(expected);
    // 4 + 8 + 64 bytes: 76, base64 without padding of 2 bytes short of a multiple of 3.
    expect(Buffer.from(expected.split(' ')[2]!, 'base64')).toHaveLength(76);
  });

  it('reads the spec example’s key ID and timestamp', () => {
    // From the spec's example checkpoint: the timestamp is the one of its "time 1679315147" example message.
    const line =
      'jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';
    const blob = Buffer.from(line, 'base64');
    expect(blob).toHaveLength(76);
    expect(blob.subarray(4, 12).readBigUInt64BE()).toBe(1679315147n);
  });

  it('verifies cosignatures appended to a note, ignoring others and refusing changed ones', () => {
    const key = parseCosignerKey(witness.verifierKey);
    const cosigned = `${note}${cosign(body, signer, TIME)}\n`;
    expect(validCosignatures(cosigned, [key])).toMatchObject([{ name: NAME, timestamp: TIME }]);
    expect(validCosignatures(note, [key])).toEqual([]);
    // Another witness's key, or the same line over another checkpoint, counts for nothing.
    const other = parseCosignerKey(generateCosignerKey(NAME).verifierKey);
    expect(validCosignatures(cosigned, [other])).toEqual([]);
    const moved = note.replace('20852163', '20852164');
    expect(validCosignatures(`${moved}${cosign(body, signer, TIME)}\n`, [key])).toEqual([]);
    // A cosignature verified at another time than it claims does not verify.
    const line = cosign(body, signer, TIME);
    const blob = Buffer.from(line.split(' ')[2]!, 'base64');
    blob.writeBigUInt64BE(BigInt(TIME + 1), 4);
    expect(validCosignatures(`${note}\u2014 ${NAME} ${blob.toString('base64')}\n`, [key])).toEqual([]);
    // A note key (type 0x01) is not a cosigner key.
    expect(() => parseCosignerKey(log.verifierKey)).toThrow(/0x04/);
  });
});
