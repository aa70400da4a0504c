// What `npm ci`'s prepare step (and `npm run build`) makes for the server under build/ (issue 22: start-up),
// and what each of those artifacts is keyed by: it stands for work a start would otherwise do only while the
// inputs it was made from are unchanged. package-lock.json pins every package (PGlite, Cedar, the bundler).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from './hash.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILD_DIR = join(ROOT, 'build');

export const fileHash = (path: string): string => sha256Hex(readFileSync(path));
export const lockfileHash = (): string => fileHash(join(ROOT, 'package-lock.json'));
