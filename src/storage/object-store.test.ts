import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirectoryObjectStore } from './object-store.ts';

describe('DirectoryObjectStore', () => {
  const store = new DirectoryObjectStore(join(mkdtempSync(join(tmpdir(), 'warrant-objects-')), 'objects'));

  it('puts, gets and lists objects by prefix', async () => {
    await store.put('audit/2026-01-01/a.json', '{"a":1}');
    await store.put('audit/2026-01-02/b.json', new TextEncoder().encode('{"b":2}'));
    await store.put('evidence/x.json', '{}');
    expect(Buffer.from((await store.get('audit/2026-01-01/a.json'))!).toString()).toBe('{"a":1}');
    expect(await store.get('audit/missing.json')).toBeUndefined();
    expect(await store.list('audit/')).toEqual(['audit/2026-01-01/a.json', 'audit/2026-01-02/b.json']);
    expect(await store.list('audit/2026-01-02')).toEqual(['audit/2026-01-02/b.json']);
    expect(await store.list('nothing/')).toEqual([]);
  });

  it('refuses keys that would leave its root', async () => {
    for (const key of ['../escape', '/etc/passwd', 'a/../../b', 'a//b', '.hidden']) {
      await expect(store.put(key, 'x')).rejects.toThrow(RangeError);
      await expect(store.prepare(key)).rejects.toThrow(RangeError);
    }
  });

  it('readies a folder ahead of its first put, which then finds it', async () => {
    await store.prepare('tool-input/run-1');
    expect(statSync(join(store.root, 'tool-input', 'run-1')).isDirectory()).toBe(true);
    await store.prepare('tool-input/run-1');
    await store.put('tool-input/run-1/call.json', '{}');
    expect(await store.list('tool-input/run-1/')).toEqual(['tool-input/run-1/call.json']);
  });
});
