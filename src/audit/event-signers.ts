// The list of processes allowed to sign events: each entry is vouched for by the installation's audit key, so
// that the list, like the checkpoints, cannot be extended by someone who can only write to the database.
import { createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { Executor } from '../db/connect.ts';
import { parseVerifierKey, type SignerKey, type VerifierKey } from './checkpoint.ts';
import { type EventSigningKey, SIGNER_ID, signerIdOf } from './event-signer.ts';
import { insertSigner, listSigners } from './signer-store.ts';

/** A signer listing as stored and exported: the key, and the installation key's signature over it. */
export interface SignerListing {
  key_id: string;
  /** Base64 of the raw Ed25519 public key. */
  public_key: string;
  /** Base64 of the installation key's Ed25519 signature over registrationMessage. */
  registration: string;
}

// The NUL bytes keep this statement from ever reading as a signed note's body (a checkpoint), which the same
// key signs: a listing's signature cannot be replayed as a checkpoint's, nor one the other way.
const registrationMessage = (keyId: string, publicKey: string): Buffer =>
  Buffer.from(`warrant.dev/audit event signer v1\0${keyId}\0${publicKey}\n`, 'utf8');

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The listing of a process key, signed by the installation key. */
export function signListing(key: Pick<EventSigningKey, 'keyId' | 'publicKey'>, installation: SignerKey) {
  const publicKey = Buffer.from(key.publicKey).toString('base64');
  const registration = sign(null, registrationMessage(key.keyId, publicKey), installation.privateKey);
  return { key_id: key.keyId, public_key: publicKey, registration: registration.toString('base64') };
}

/** The signer's public key when the listing is well formed and signed by the installation key; else undefined. */
export function verifyListing(listing: SignerListing, installation: VerifierKey): KeyObject | undefined {
  if (!SIGNER_ID.test(listing.key_id)) return undefined;
  const raw = Buffer.from(listing.public_key, 'base64');
  const signature = Buffer.from(listing.registration, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== listing.public_key) return undefined;
  if (signerIdOf(raw) !== listing.key_id || signature.length !== 64) return undefined;
  const message = registrationMessage(listing.key_id, listing.public_key);
  if (!verify(null, message, installation.publicKey, signature)) return undefined;
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

const toListing = (row: { key_id: string; public_key: Uint8Array; registration: string }): SignerListing => ({
  key_id: row.key_id,
  public_key: Buffer.from(row.public_key).toString('base64'),
  registration: row.registration,
});

/** The listings stored in the database, as the export carries them (verified by the reader, not here). */
export async function storedListings(exec: Executor): Promise<SignerListing[]> {
  return (await listSigners(exec)).map(toListing);
}

/**
 * The signers of one installation. Every listing is read, but one is verified only when its key is first looked
 * up (then cached): a process checks the few keys whose events it integrates, not one listing per process that
 * ever started (one is added at each start). A miss reloads the table (another process may have started since),
 * so each unknown id costs one query per batch.
 */
export class EventSigners {
  readonly #installation: VerifierKey;
  readonly #keys = new Map<string, KeyObject>();
  /** Listings read and not looked up yet. */
  readonly #unverified = new Map<string, SignerListing>();

  constructor(verifierKey: string) {
    this.#installation = parseVerifierKey(verifierKey);
  }

  /** Lists `key` in the database, signed by `installation` (which must be the key this set verifies with). */
  async register(exec: Executor, key: EventSigningKey, installation: SignerKey, at: Date): Promise<void> {
    const listing = signListing(key, installation);
    const verified = verifyListing(listing, this.#installation);
    if (!verified) throw new Error('the audit signing key does not match the checkpoints’ verifier key');
    await insertSigner(exec, {
      key_id: listing.key_id,
      public_key: key.publicKey,
      registration: listing.registration,
      registered_at: at,
    });
    this.#keys.set(listing.key_id, verified);
  }

  /** The signer's key when its listing was read and the installation key signed it. */
  lookup(keyId: string): KeyObject | undefined {
    const known = this.#keys.get(keyId);
    if (known) return known;
    const listing = this.#unverified.get(keyId);
    if (!listing) return undefined;
    // Checked once per reading: a listing the installation key did not sign is dropped until the next reload.
    this.#unverified.delete(keyId);
    const key = verifyListing(listing, this.#installation);
    if (key) this.#keys.set(keyId, key);
    return key;
  }

  /** Reads every listing; each is verified when its key is first looked up. */
  async reload(exec: Executor): Promise<void> {
    for (const listing of await storedListings(exec)) {
      if (!this.#keys.has(listing.key_id)) this.#unverified.set(listing.key_id, listing);
    }
  }
}
