import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile } from './key-file.ts';

describe('loadOrCreateKeyFile', () => {
  it('creates the file once (0600, parent made), then reads it; a file already there wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-key-file-'));
    const path = join(dir, 'nested', 'key');
    let made = 0;
    const create = () => `key-${++made}`;
    expect(loadOrCreateKeyFile(path, create)).toBe('key-1');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path, create)).toBe('key-1');
    expect(made).toBe(1);
    const theirs = join(dir, 'theirs');
    writeFileSync(theirs, 'their-key\n');
    expect(loadOrCreateKeyFile(theirs, create)).toBe('their-key');
    expect(readFileSync(path, 'utf8')).toBe('key-1\n');
  });
});
