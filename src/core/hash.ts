import { hash } from 'node:crypto';

/** SHA-256 as lowercase hex: the form Warrant stores and shows for content, evidence and objects. */
// One-shot hash(): no Hash object per call, which matters on the authorize hot path.
export const sha256Hex = (data: string | Uint8Array): string => hash('sha256', data, 'hex');
