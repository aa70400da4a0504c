import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './checkpoint.ts';
import { canonicalEventJson, eventLeafHash } from './event.ts';
import {
  checkCanonicalEventSignature,
  checkEventSignature,
  processSigningKey,
  signEvent,
  signedByThisProcess,
} from './event-signer.ts';
import { signListing, verifyListing } from './event-signers.ts';

const key = processSigningKey();
const lookup = (id: string) => (id === key.keyId ? verifyListing(listing, installationVerifier) : undefined);
const installation = generateSignerKey('warrant.test/audit');
const installationVerifier = parseVerifierKey(installation.verifierKey);
const listing = signListing(key, parseSignerKey(installation.signerKey));

// Events with arbitrary JSON context, including strings that look like the signature members.
const eventArb = fc.record({
  event_id: fc.uuid(),
  tenant_id: fc.uuid(),
  occurred_at: fc.constant('2026-01-01T00:00:00.000Z'),
  action: fc.constantFrom('plan.submitted', 'approval.granted'),
  decision: fc.constantFrom(null, 'allow', 'deny'),
  context: fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('signature', 'signer', 'tenant_id')),
    fc.oneof(fc.string(), fc.integer(), fc.constant('"signature":"x","signer":"y"')),
  ),
  evidence_refs: fc.array(fc.string(), { maxLength: 3 }),
});

describe('event signatures', () => {
  it('verify on both paths for every event, and fail on both when anything changes', () => {
    fc.assert(
      fc.property(eventArb, fc.string({ minLength: 1 }), (event, change) => {
        const signed = signEvent(event);
        const text = canonicalEventJson(signed);
        expect(checkEventSignature(signed, lookup)).toBeUndefined();
        expect(checkCanonicalEventSignature(text, lookup)).toBe('ok');
        const altered = { ...signed, context: { ...signed.context, changed: change } };
        expect(checkEventSignature(altered, lookup)).toBe('bad_signature');
        expect(checkCanonicalEventSignature(canonicalEventJson(altered), lookup)).toBe('bad_signature');
      }),
      { numRuns: 200 },
    );
  });

  it('remembers the leaf of what this process signed, once, and only for those exact bytes', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        const signed = signEvent(event);
        const forged = eventLeafHash({ ...signed, decision: 'allow', action: 'plan.approved' });
        expect(signedByThisProcess(signed.event_id, forged)).toBe(false);
        const again = signEvent(event);
        expect(signedByThisProcess(again.event_id, eventLeafHash(again))).toBe(true);
        expect(signedByThisProcess(again.event_id, eventLeafHash(again))).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('finds unsigned events, unknown signers and listings another installation signed', () => {
    const signed = signEvent({ event_id: 'e', tenant_id: 't', action: 'plan.submitted' });
    const { signature: _s, ...unsigned } = signed;
    expect(checkEventSignature(unsigned, lookup)).toBe('unsigned');
    expect(checkEventSignature(signed, () => undefined)).toBe('unknown_signer');
    expect(checkCanonicalEventSignature(canonicalEventJson(signed), () => undefined)).toBe('unknown_signer');
    const other = parseSignerKey(generateSignerKey('warrant.test/audit').signerKey);
    expect(verifyListing(signListing(key, other), installationVerifier)).toBeUndefined();
    const { publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
    expect(verifyListing({ ...listing, public_key: raw }, installationVerifier)).toBeUndefined();
  });
});
