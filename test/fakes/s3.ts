/**
 * A fake S3 endpoint for path-style requests: PutObject, GetObject (NoSuchKey as S3 answers it) and
 * ListObjectsV2 with pagination, answering in S3's XML. It checks that each request is SigV4-signed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  url: string;
  objects: Map<string, Buffer>;
  unsigned: number;
  close(): Promise<void>;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startFakeS3(bucket: string, pageSize = 1000): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const fake = { url: '', objects, unsigned: 0, close: async () => {} } as FakeS3;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 ')) fake.unsigned++;
      const url = new URL(req.url ?? '/', 'http://s3');
      const [, name, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const send = (status: number, body = '', type = 'application/xml') => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      if (name !== bucket) return send(404, xml('<Error><Code>NoSuchBucket</Code></Error>'));
      if (req.method === 'PUT' && key) {
        objects.set(key, Buffer.concat(chunks));
        res.setHeader('etag', '"fake"');
        return send(200);
      }
      if (req.method === 'GET' && key) {
        const object = objects.get(key);
        if (!object)
          return send(404, xml(`<Error><Code>NoSuchKey</Code><Key>${escapeXml(key)}</Key></Error>`));
        return send(200, object.toString('utf8'), 'application/octet-stream');
      }
      if (req.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const after = url.searchParams.get('continuation-token') ?? '';
        const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
        const page = keys.slice(0, pageSize);
        const truncated = keys.length > page.length;
        return send(
          200,
          xml(
            `<ListBucketResult><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
              `<IsTruncated>${truncated}</IsTruncated>` +
              (truncated ? `<NextContinuationToken>${escapeXml(page.at(-1)!)}</NextContinuationToken>` : '') +
              page
                .map(
                  (k) =>
                    `<Contents><Key>${escapeXml(k)}</Key><Size>${objects.get(k)!.length}</Size></Contents>`,
                )
                .join('') +
              '</ListBucketResult>',
          ),
        );
      }
      send(400, xml('<Error><Code>InvalidRequest</Code></Error>'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}
