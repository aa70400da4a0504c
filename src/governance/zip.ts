import { type Zippable, zipSync } from 'fflate';

// The pack's ZIP, by fflate. Stored, not deflated: packs are small, and a stakeholder's plain unzip or
// scripts/verify-review-pack.mjs (plain Node, no dependencies) reads them as they are.

/** 1980-01-01, the first date a ZIP can hold: fixed, so the same files give the same bytes. */
const DOS_EPOCH = new Date(1980, 0, 1);

export function zip(files: readonly { path: string; bytes: Uint8Array }[]): Uint8Array {
  const entries: Zippable = {};
  for (const file of files) entries[file.path] = [file.bytes, { level: 0, mtime: DOS_EPOCH }];
  return zipSync(entries);
}
