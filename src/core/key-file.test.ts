import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateKeyFile, writePrivateFile } from './key-file.ts';

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

describe('writePrivateFile', () => {
  it('writes the file whole under its name (0600), replaces it, and leaves nothing else behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-private-file-'));
    const path = join(dir, 'demo-keys.json');
    writePrivateFile(path, '{"agent":"one"}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"agent":"one"}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writePrivateFile(path, '{"agent":"two"}\n');
    expect(readFileSync(path, 'utf8')).toBe('{"agent":"two"}\n');
    expect(readdirSync(dir)).toEqual(['demo-keys.json']);
  });

  it('exclusive: never replaces a file that is there (EEXIST), and leaves nothing else behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warrant-private-file-'));
    const path = join(dir, 'key');
    writePrivateFile(path, 'first\n', { exclusive: true });
    expect(() => writePrivateFile(path, 'second\n', { exclusive: true })).toThrow(
      expect.objectContaining({ code: 'EEXIST' }),
    );
    expect(readFileSync(path, 'utf8')).toBe('first\n');
    expect(readdirSync(dir)).toEqual(['key']);
  });
});
