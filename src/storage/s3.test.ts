import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeS3, startFakeS3 } from '../../test/fakes/s3.ts';
import { configSchema } from '../config/schema.ts';
import { openObjectStore } from './object-store.ts';
import { S3ObjectStore } from './s3.ts';

let s3: FakeS3;
beforeAll(async () => {
  s3 = await startFakeS3('warrant', 2);
});
afterAll(async () => s3?.close());

describe('S3ObjectStore', () => {
  it('puts, gets and lists across pages, signed', async () => {
    const store = openObjectStore(
      configSchema.parse({ storage: { object_store: { endpoint: s3.url, bucket: 'warrant' } } }),
      '/unused',
      { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test-secret' },
    );
    expect(store).toBeInstanceOf(S3ObjectStore);
    for (const key of [
      'evidence/r1/a.json',
      'evidence/r1/b.json',
      'evidence/r1/c.json',
      'tool-output/r1/x.json',
    ]) {
      await store.put(key, `{"key":"${key}"}`);
    }
    expect(new TextDecoder().decode(await store.get('evidence/r1/b.json'))).toBe(
      '{"key":"evidence/r1/b.json"}',
    );
    expect(await store.get('evidence/r1/missing.json')).toBeUndefined();
    expect(await store.list('evidence/')).toEqual([
      'evidence/r1/a.json',
      'evidence/r1/b.json',
      'evidence/r1/c.json',
    ]);
    expect(s3.unsigned).toBe(0);
  });
});
