// The upgrade path of a log that began before writers signed events (issue 17). Its first events carry no writer
// signature, so `verify` would refuse them, and without care the integrator would quarantine the unsigned rows
// still pending at the upgrade. Migration 0017 names those rows (audit_unsigned_prefix.pending_seqs); the
// integrator takes them and no other unsigned row. Once they are in the tree, the installation key signs one
// statement per tenant: "the first `size` leaves of this log, under root `root`, predate writer signatures". The
// export carries it, and `verify` excuses a missing signature only below that size and only when the events there
// hash to that root. Nothing widens it later: the statement is made once, and a database writer cannot sign one.
import { sign, verify } from 'node:crypto';
import type { Clock } from '../core/clock.ts';
import type { Orm } from '../db/connect.ts';
import type { SignerKey, VerifierKey } from './checkpoint.ts';
import { assembleRoot, planNodes, rootPlan } from './merkle.ts';
import { lockIntegrator } from './store.ts';
import { fetchNodes, originOf } from './tree-store.ts';
import { prefixState, sealPrefix, unsealedPrefixTenants } from './unsigned-prefix-store.ts';

export interface UnsignedPrefix {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
}

// As with signer listings, the NUL bytes keep the statement from ever reading as a checkpoint, which the same key
// signs: neither signature can be replayed as the other.
const statementMessage = (prefix: UnsignedPrefix): Buffer =>
  Buffer.from(
    `warrant.dev/audit unsigned prefix v1\0${prefix.origin}\0${prefix.size}\0${Buffer.from(prefix.root).toString('base64')}\n`,
    'utf8',
  );

/** The installation key's signature (base64) over the statement. */
export function signUnsignedPrefix(prefix: UnsignedPrefix, installation: SignerKey): string {
  return sign(null, statementMessage(prefix), installation.privateKey).toString('base64');
}

export function verifyUnsignedPrefix(prefix: UnsignedPrefix, signature: string, key: VerifierKey): boolean {
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64 || bytes.toString('base64') !== signature || prefix.root.length !== 32)
    return false;
  return verify(null, statementMessage(prefix), key.publicKey, bytes);
}

/**
 * Seals the prefix of every tenant whose legacy rows are all in the tree; returns how many remain unsealed. Under
 * the integrator's lock, so no legacy row can join the tree between measuring the prefix and signing it.
 */
export async function sealUnsignedPrefixes(orm: Orm, installation: SignerKey, clock: Clock): Promise<number> {
  let unsealed = 0;
  for (const tenantId of await unsealedPrefixTenants(orm)) {
    const sealed = await orm.transaction(async (tx) => {
      await lockIntegrator(tx);
      const { waiting, size } = await prefixState(tx, tenantId);
      if (waiting > 0) return false;
      const root = assembleRoot(size, await fetchNodes(tx, tenantId, planNodes(rootPlan(size))));
      const prefix = { origin: originOf(tenantId), size, root };
      const signature = signUnsignedPrefix(prefix, installation);
      await sealPrefix(tx, { tenant_id: tenantId, size, root, signature, sealed_at: clock.now() });
      return true;
    });
    if (!sealed) unsealed++;
  }
  return unsealed;
}
