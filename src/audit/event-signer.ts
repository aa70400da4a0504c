// Events signed by the process that writes them (issue 17). Why a key per process, listed in the database, rather
// than the installation's checkpoint key or a key per app:
// - appendAudit(tx, ...inputs) is called from some sixty places with a transaction only, and one Node process may
//   hold several Warrant apps (tests do). A key per app would have to be routed through every caller; a key per
//   process needs nothing from them, and every app of the process lists the same public key in its own database.
// - The installation key stays with the checkpoint publisher and does not sign on the hot path; the private half
//   of a process key never leaves memory, so a database writer cannot sign an event.
// - A listing (event-signers.ts) is itself signed by the installation key, so a database writer cannot add a
//   signer either.
// The signature is inside the event body (`signer`, `signature`), so the leaf commits to who wrote the event and
// exports carry it without a new field: leaves are still the canonical event bytes, as Go's tlog reads them.
import { createHash, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalEventJson } from './event.ts';
import { leafHash } from './merkle.ts';

export interface EventSigningKey {
  /** Hex of the first 8 bytes of SHA-256 of the public key: what events name in `signer`. */
  readonly keyId: string;
  readonly publicKey: Uint8Array;
  readonly privateKey: KeyObject;
}

const SIGNATURE_BYTES = 64;
export const SIGNER_ID = /^[0-9a-f]{16}$/;
const SIGNATURE_B64 = /^[A-Za-z0-9+/]{86}==$/;

export const signerIdOf = (publicKey: Uint8Array): string =>
  createHash('sha256').update(publicKey).digest('hex').slice(0, 16);

let processKey: EventSigningKey | undefined;

/** This process's event-signing key, made on first use and kept only in memory. */
export function processSigningKey(): EventSigningKey {
  processKey ??= newSigningKey();
  return processKey;
}

/** A new Ed25519 event-signing key (a process's; tests make others'). */
export function newSigningKey(): EventSigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  return { keyId: signerIdOf(raw), publicKey: raw, privateKey };
}

/** The fields appendAudit adds to a body. */
// A type, not an interface: bodies that carry it must stay assignable to Record<string, unknown>.
export type EventSignature = {
  signer: string;
  signature: string;
};

/** RFC 8785 canonical JSON of the event without its signature (nor its leaf_index and hash): what is signed. */
export function signedEventJson(event: Readonly<Record<string, unknown>>): string {
  const { signature: _signature, leaf_index: _leaf, hash: _hash, ...content } = event;
  const text = canonicalize(content);
  if (text === undefined) throw new TypeError('event is not JSON');
  return text;
}

/**
 * Leaf hashes of the events this process signed, by event id, so that an integrator in this same process skips
 * the Ed25519 check (about 5k/s on a small core) for rows whose bytes are exactly the ones it signed: equal leaf
 * hashes mean equal bytes, signature included. Bounded; rows integrated by another process age out.
 */
const signedHere = new Map<string, Buffer>();
const SIGNED_HERE_LIMIT = 262_144;

/** Whether this process signed exactly these bytes (the event's leaf hash); forgets the event once asked. */
export function signedByThisProcess(eventId: string, leaf: Uint8Array): boolean {
  const known = signedHere.get(eventId);
  if (known === undefined) return false;
  signedHere.delete(eventId);
  return known.equals(leaf);
}

/**
 * Signs a body with the process key and returns it with `signer` and `signature`. The signed bytes are the
 * canonical JSON with `signer` and without `signature`; the leaf's bytes are the same with `signature` spliced in
 * before `signer` (the canonical order), which saves a second canonicalization.
 */
export function signEvent<T extends { event_id: string; tenant_id: string }>(
  body: T,
): Omit<T, keyof EventSignature> & EventSignature {
  const key = processSigningKey();
  const unsigned = { ...body, signer: key.keyId };
  const text = signedEventJson(unsigned);
  const signature = sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64');
  const signed = { ...unsigned, signature };
  const tail = `"signer":"${key.keyId}","tenant_id":${JSON.stringify(body.tenant_id)}}`;
  const leafText = text.endsWith(tail)
    ? `${text.slice(0, -tail.length)}"signature":"${signature}",${tail}`
    : canonicalEventJson(signed);
  if (signedHere.size >= SIGNED_HERE_LIMIT) signedHere.delete(signedHere.keys().next().value!);
  signedHere.set(body.event_id, Buffer.from(leafHash(leafText)));
  return signed;
}

export type SignatureFault =
  /** The event carries no signer or signature, or they are malformed. */
  | 'unsigned'
  /** The signer is not listed, or its listing is not signed by the installation key. */
  | 'unknown_signer'
  /** The signature does not match the event. */
  | 'bad_signature';

/** Checks an event's signature with its signer's public key, looked up by id; the fault, or undefined. */
export function checkEventSignature(
  event: Readonly<Record<string, unknown>>,
  signerKey: (keyId: string) => KeyObject | undefined,
): SignatureFault | undefined {
  const { signer, signature } = event;
  if (typeof signer !== 'string' || typeof signature !== 'string') return 'unsigned';
  if (!SIGNER_ID.test(signer) || !SIGNATURE_B64.test(signature)) return 'unsigned';
  const key = signerKey(signer);
  if (key === undefined) return 'unknown_signer';
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== SIGNATURE_BYTES) return 'unsigned';
  let text: string;
  try {
    text = signedEventJson(event);
  } catch {
    return 'bad_signature';
  }
  return verify(null, Buffer.from(text, 'utf8'), key, bytes) ? undefined : 'bad_signature';
}

// The end of a signed event's canonical JSON: `signature`, `signer` and `tenant_id` are its last three members, in
// that (sorted) order. Quotes inside JSON strings are escaped, so these unescaped quotes are the object's own.
const SIGNED_TAIL =
  /"signature":"([A-Za-z0-9+/]{86}==)",("signer":"([0-9a-f]{16})","tenant_id":"[^"\\]*"\})$/;

/**
 * Checks the signature of an event given as canonical JSON text (an export line's bytes) without parsing it: the
 * signed bytes are the text without its `signature` member. Sound because the signature fixes those bytes and
 * Ed25519 signatures are not malleable, so text that passes is exactly the canonical text of a signed event.
 * Undefined when the text does not end as a signed event does: the caller parses it instead.
 */
export function checkCanonicalEventSignature(
  text: string,
  signerKey: (keyId: string) => KeyObject | undefined,
): SignatureFault | 'ok' | undefined {
  const match = SIGNED_TAIL.exec(text);
  if (match === null) return undefined;
  const key = signerKey(match[3]!);
  if (key === undefined) return 'unknown_signer';
  const message = `${text.slice(0, match.index)}${match[2]}`;
  const signature = Buffer.from(match[1]!, 'base64');
  return verify(null, Buffer.from(message, 'utf8'), key, signature) ? 'ok' : 'bad_signature';
}
