import type { S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from './object-store.ts';

// The AWS SDK's S3 client is a few hundred modules: it loads with the first object stored or read, not with
// every server that stores objects in a directory.
const sdk = () => import('@aws-sdk/client-s3');

export interface S3Options {
  endpoint: string;
  bucket: string;
  region?: string;
  /** From the environment (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), never from the config file. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, R2…) behind the same keys as the directory store. */
export class S3ObjectStore implements ObjectStore {
  readonly #options: S3Options;
  readonly #bucket: string;
  #client: Promise<S3Client> | undefined;

  constructor(options: S3Options) {
    this.#options = options;
    this.#bucket = options.bucket;
  }

  #connected(): Promise<S3Client> {
    const options = this.#options;
    this.#client ??= sdk().then(
      ({ S3Client }) =>
        new S3Client({
          endpoint: options.endpoint,
          region: options.region ?? 'us-east-1',
          // Path-style addressing works with every S3-compatible server, virtual hosts need DNS.
          forcePathStyle: true,
          ...(options.credentials ? { credentials: options.credentials } : {}),
        }),
    );
    return this.#client;
  }

  async put(key: string, bytes: Uint8Array | string): Promise<void> {
    const [client, { PutObjectCommand }] = await Promise.all([this.#connected(), sdk()]);
    await client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: key, Body: bytes, ContentType: 'application/json' }),
    );
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const [client, { GetObjectCommand, NoSuchKey }] = await Promise.all([this.#connected(), sdk()]);
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
      return answer.Body ? await answer.Body.transformToByteArray() : new Uint8Array();
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async list(prefix: string): Promise<string[]> {
    const [client, { ListObjectsV2Command }] = await Promise.all([this.#connected(), sdk()]);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: this.#bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) if (item.Key) keys.push(item.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }
}
