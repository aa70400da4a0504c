// The object store: keys like `audit/2026-01-01/<id>.json` mapped to bytes. The directory backend is the
// default; an S3 backend would implement the same interface.
import { type Dirent, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Config } from '../config/schema.ts';
import { S3ObjectStore } from './s3.ts';

export interface ObjectStore {
  put(key: string, bytes: Uint8Array | string): Promise<void>;
  /** Undefined when there is no object under the key. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Keys that start with `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /**
   * Readies the store for objects under `prefix/` ahead of their first put (a directory made); only a speed-up,
   * as put works without it.
   */
  prepare?(prefix: string): Promise<void>;
}

// Relative slash-separated segments of safe characters: no way out of the root, no hidden files.
const KEY = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

function checkKey(key: string): string {
  if (!KEY.test(key)) throw new RangeError(`invalid object key: ${key}`);
  return key;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Objects up to this size are written without leaving the event loop's thread. Through the thread pool a small
 * object costs a turn of it for each of open, write, close and rename: on the two-core VM (2026-12-07) a 400-byte
 * object took 350–900 µs and 300–550 µs of CPU that way, 64–121 µs written in place; a run's step writes three
 * (its input, output and evidence). Larger objects (an agent's upload) stay off the thread.
 */
const WRITE_INLINE_BYTES = 64 * 1024;
const inPlace = { writeFile: writeFileSync, mkdir: mkdirSync, rename: renameSync };
const throughPool = { writeFile, mkdir, rename };

export class DirectoryObjectStore implements ObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  async put(key: string, bytes: Uint8Array | string): Promise<void> {
    const path = join(this.root, checkKey(key));
    // Write then rename, so a reader never sees half an object. The directory is made only when the write finds
    // it missing: most writes go to one that exists (a run's objects share one).
    const temporary = `${path}.${process.pid}.tmp`;
    const fs = bytes.length <= WRITE_INLINE_BYTES ? inPlace : throughPool;
    try {
      await fs.writeFile(temporary, bytes);
    } catch (error) {
      if (!isMissing(error)) throw error;
      await fs.mkdir(dirname(path), { recursive: true });
      await fs.writeFile(temporary, bytes);
    }
    await fs.rename(temporary, path);
  }

  async prepare(prefix: string): Promise<void> {
    await mkdir(join(this.root, checkKey(prefix)), { recursive: true });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(join(this.root, checkKey(key))));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Walk only the directory the prefix names, not the whole store.
    const base = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const start = join(this.root, base);
    let entries: Dirent[];
    try {
      entries = await readdir(start, { recursive: true, withFileTypes: true, encoding: 'utf8' });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    return entries
      .filter((entry) => entry.isFile() && !entry.name.endsWith('.tmp'))
      .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix))
      .sort();
  }
}

/**
 * The configured store: an S3-compatible bucket when `storage.object_store.endpoint` and `bucket` are set
 * (credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), else `storage.object_store.dir`, else
 * `$WARRANT_HOME/objects`.
 */
export function openObjectStore(
  config: Config,
  home: string,
  env: NodeJS.ProcessEnv = process.env,
): ObjectStore {
  const { endpoint, bucket, dir } = config.storage.object_store;
  if (endpoint && bucket) {
    const {
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_REGION: region,
    } = env;
    return new S3ObjectStore({
      endpoint,
      bucket,
      ...(region ? { region } : {}),
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    });
  }
  return new DirectoryObjectStore(dir ?? join(home, 'objects'));
}
