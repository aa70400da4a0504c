import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
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

  // A small object is written in place, a large one through the thread pool: both alike to a reader.
  it.each([
    ['small', 'x'.repeat(100)],
    ['large', 'y'.repeat(300_000)],
  ])(
    'writes a %s object whole, into a folder made on demand, and replaces it on a second put',
    async (size, text) => {
      const key = `sizes/${size}/object.json`;
      await store.put(key, text);
      await store.put(key, new TextEncoder().encode(`${text}!`));
      expect(new TextDecoder().decode(await store.get(key))).toBe(`${text}!`);
      expect(readdirSync(join(store.root, 'sizes', size))).toEqual(['object.json']);
    },
  );

  it.each([
    ['small', 'x'],
    ['large', 'y'.repeat(300_000)],
  ])('answers a %s write that fails with a rejection, leaving nothing behind', async (_size, text) => {
    writeFileSync(join(store.root, 'blocked'), 'a file where a folder would go');
    const written = store.put('blocked/object.json', text);
    await expect(written).rejects.toMatchObject({ code: 'ENOTDIR' });
    expect(await store.list('blocked')).toEqual(['blocked']);
  });
});
