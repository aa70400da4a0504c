import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 as lowercase hex: the form Warrant stores and shows for content, evidence and objects. */
// One-shot hash(): no Hash object per call, which matters on the authorize hot path.
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');

/** SHA-256 hex of the RFC 8785 canonical JSON of `value`: equal JSON values hash equally, whatever their key order. */
export function canonicalHash(value: unknown): string {
  const json = canonicalize(value);
  if (json === undefined) throw new TypeError('value has no JSON representation');
  return sha256Hex(json);
}
