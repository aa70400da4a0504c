import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeRelease,
  encodeRelease,
  type HelmRelease,
  historyOf,
  releaseFromSecret,
  secretForRelease,
} from './helm-release.ts';

const release = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  namespace: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
  version: fc.integer({ min: 1, max: 1000 }),
  info: fc.record({
    status: fc.constantFrom('deployed', 'superseded', 'failed', 'pending-upgrade'),
    description: fc.string(),
  }),
  chart: fc.record({
    metadata: fc.record({ name: fc.string({ minLength: 1 }), version: fc.string(), appVersion: fc.string() }),
  }),
  manifest: fc.string({ unit: 'binary' }),
}) as fc.Arbitrary<HelmRelease>;

describe('Helm release codec', () => {
  it('round-trips any release through Helm encoding and a Kubernetes Secret', () => {
    fc.assert(
      fc.property(release, (r) => {
        expect(decodeRelease(encodeRelease(r), 'x')).toEqual(r);
        const secret = secretForRelease(r);
        expect(secret.metadata.labels).toEqual({
          owner: 'helm',
          name: r.name,
          status: r.info.status,
          version: String(r.version),
        });
        expect(releaseFromSecret(secret)).toEqual(r);
      }),
    );
  });

  it("reads Helm's own gzip+base64 and an uncompressed release, as Helm does", () => {
    const r: HelmRelease = { name: 'web', namespace: 'prod', version: 2, info: { status: 'deployed' } };
    const helmWritten = gzipSync(Buffer.from(JSON.stringify(r)), { level: 9 }).toString('base64');
    expect(decodeRelease(helmWritten, 'x')).toEqual(r);
    expect(decodeRelease(Buffer.from(JSON.stringify(r)).toString('base64'), 'x')).toEqual(r);
  });

  it('names a corrupt release secret with a stable code', () => {
    fc.assert(
      fc.property(fc.string(), (junk) => {
        const secret = {
          metadata: { namespace: 'prod', name: 'sh.helm.release.v1.web.v1' },
          data: { release: Buffer.from(junk).toString('base64') },
        };
        expect(() => releaseFromSecret(secret)).toThrow(
          expect.objectContaining({
            code: 'helm_release_corrupt',
            message: expect.stringContaining('prod/sh.helm.release.v1.web.v1'),
          }),
        );
      }),
    );
    expect(() => releaseFromSecret({ metadata: { namespace: 'p', name: 's' }, data: {} })).toThrow(
      /no release field/,
    );
  });

  it('lists history newest first with status, chart and app version', () => {
    const at = (version: number, status: string): HelmRelease => ({
      name: 'web',
      namespace: 'prod',
      version,
      info: { status, description: `rev ${version}` },
      chart: { metadata: { name: 'web', version: `1.${version}.0`, appVersion: `v${version}` } },
    });
    expect(historyOf([at(1, 'superseded'), at(3, 'deployed'), at(2, 'superseded')])).toEqual([
      {
        revision: 3,
        status: 'deployed',
        chart: 'web-1.3.0',
        app_version: 'v3',
        description: 'rev 3',
        updated: null,
      },
      {
        revision: 2,
        status: 'superseded',
        chart: 'web-1.2.0',
        app_version: 'v2',
        description: 'rev 2',
        updated: null,
      },
      {
        revision: 1,
        status: 'superseded',
        chart: 'web-1.1.0',
        app_version: 'v1',
        description: 'rev 1',
        updated: null,
      },
    ]);
  });
});
