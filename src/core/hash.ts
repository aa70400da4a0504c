import { createHash } from 'node:crypto';

/** SHA-256 as lowercase hex: the form Warrant stores and shows for content, evidence and objects. */
export const sha256Hex = (data: string | Uint8Array): string =>
  createHash('sha256').update(data).digest('hex');
