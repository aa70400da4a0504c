import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/connect.ts';
import { openTestDatabase } from '../db/testing.ts';
import { generateSignerKey, parseSignerKey } from './checkpoint.ts';
import { newSigningKey, processSigningKey } from './event-signer.ts';
import { EventSigners, signListing } from './event-signers.ts';
import { insertSigner } from './signer-store.ts';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

const installation = generateSignerKey('warrant.test/audit');
const other = generateSignerKey('warrant.test/other');
const at = new Date('2026-12-06T00:00:00Z');

describe('the listed event signers', () => {
  it("know this process's key once it is registered, others' once read, and never one the installation did not sign", async () => {
    const signers = new EventSigners(installation.verifierKey);
    const own = processSigningKey();
    await signers.register(db.orm, own, parseSignerKey(installation.signerKey), at);
    expect(signers.lookup(own.keyId)).toBeDefined();

    // Another process of the installation, and a listing signed by a key that is not the installation's.
    const listed = newSigningKey();
    const forged = newSigningKey();
    for (const [key, by] of [
      [listed, installation],
      [forged, other],
    ] as const) {
      const listing = signListing(key, parseSignerKey(by.signerKey));
      await insertSigner(db.orm, {
        key_id: listing.key_id,
        public_key: key.publicKey,
        registration: listing.registration,
        registered_at: at,
      });
    }
    expect(signers.lookup(listed.keyId)).toBeUndefined();
    await signers.reload(db.orm);
    expect(signers.lookup(listed.keyId)).toBeDefined();
    expect(signers.lookup(listed.keyId)).toBe(signers.lookup(listed.keyId));
    expect(signers.lookup(forged.keyId)).toBeUndefined();
    expect(signers.lookup(forged.keyId)).toBeUndefined();
    await signers.reload(db.orm);
    expect(signers.lookup(forged.keyId)).toBeUndefined();
    expect(signers.lookup(own.keyId)).toBeDefined();
  });
});
