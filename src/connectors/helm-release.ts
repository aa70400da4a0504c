/**
 * Helm 3 releases as Helm stores them in the cluster, read without the Helm binary: one Secret per revision
 * (type helm.sh/release.v1, labels owner=helm, name, status, version) whose `release` field holds Helm's own
 * encoding — base64 (standard) of gzip of the release JSON — under the Kubernetes base64 of Secret data.
 * Mirrors helm/pkg/storage/driver/util.go (encodeRelease / decodeRelease).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { ConnectorError } from './connector.ts';

export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';

/** The release fields Warrant reads; Helm writes more, kept as they are. */
export interface HelmRelease {
  name: string;
  namespace: string;
  version: number;
  info: { status: string; description?: string; last_deployed?: string; [k: string]: unknown };
  chart?: { metadata?: { name?: string; version?: string; appVersion?: string } };
  manifest?: string;
  [k: string]: unknown;
}

/** One line of `helm history`. */
export interface HelmRevision {
  revision: number;
  status: string;
  chart: string | null;
  app_version: string | null;
  description: string | null;
  updated: string | null;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** Helm's encoding of a release: base64 of gzip of its JSON (what goes in Secret data.release, before Kubernetes' base64). */
export function encodeRelease(release: HelmRelease): string {
  return gzipSync(Buffer.from(JSON.stringify(release))).toString('base64');
}

/** Helm's decoding: base64, gunzip when gzip-magic (Helm reads uncompressed ones too), then JSON. */
export function decodeRelease(encoded: string, what: string): HelmRelease {
  try {
    let bytes = Buffer.from(encoded, 'base64');
    if (GZIP_MAGIC.every((b, i) => bytes[i] === b)) bytes = gunzipSync(bytes);
    const release = JSON.parse(bytes.toString('utf8')) as HelmRelease;
    if (typeof release?.version !== 'number' || typeof release.info?.status !== 'string') {
      throw new Error('no version or info.status');
    }
    return release;
  } catch (error) {
    throw new ConnectorError(
      'helm_release_corrupt',
      `Helm release secret ${what} does not hold a readable release (${(error as Error).message})`,
    );
  }
}

/** The release in a Secret as the Kubernetes API returns it (data values base64). */
export function releaseFromSecret(secret: {
  metadata?: { name?: string; namespace?: string };
  data?: Record<string, string>;
}): HelmRelease {
  const what = `${secret.metadata?.namespace}/${secret.metadata?.name}`;
  const data = secret.data?.release;
  if (!data)
    throw new ConnectorError('helm_release_corrupt', `Helm release secret ${what} has no release field`);
  return decodeRelease(Buffer.from(data, 'base64').toString('utf8'), what);
}

/** The Secret Helm writes for a release revision (name sh.helm.release.v1.<name>.v<version>). */
export function secretForRelease(release: HelmRelease): {
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  type: string;
  data: { release: string };
} {
  return {
    metadata: {
      name: `sh.helm.release.v1.${release.name}.v${release.version}`,
      namespace: release.namespace,
      labels: {
        owner: 'helm',
        name: release.name,
        status: release.info.status,
        version: String(release.version),
      },
    },
    type: RELEASE_SECRET_TYPE,
    data: { release: Buffer.from(encodeRelease(release)).toString('base64') },
  };
}

/** `helm history`: newest revision first. */
export function historyOf(releases: readonly HelmRelease[]): HelmRevision[] {
  return [...releases]
    .sort((a, b) => b.version - a.version)
    .map((r) => {
      const meta = r.chart?.metadata;
      return {
        revision: r.version,
        status: r.info.status,
        chart: meta?.name ? `${meta.name}-${meta.version ?? ''}` : null,
        app_version: meta?.appVersion ?? null,
        description: r.info.description ?? null,
        updated: r.info.last_deployed ?? null,
      };
    });
}

/**
 * What `helm rollback <name> <revision>` records: a new revision N+1, deployed, carrying the target's chart,
 * values and manifest; the revision deployed until now becomes superseded. Rolling back a rollback names the
 * revision that was current before it. `at` is the time to record (the caller's clock).
 */
export function rollbackReleases(
  releases: HelmRelease[],
  target: number,
  at: string,
): { next: HelmRelease; superseded: HelmRelease[] } {
  const from = releases.find((r) => r.version === target);
  if (!from) {
    const name = releases[0]?.name ?? 'release';
    throw new ConnectorError('not_found', `release ${name} has no revision ${target}`);
  }
  const latest = Math.max(...releases.map((r) => r.version));
  const next: HelmRelease = {
    ...structuredClone(from),
    version: latest + 1,
    info: { ...from.info, status: 'deployed', description: `Rollback to ${target}`, last_deployed: at },
  };
  const superseded = releases
    .filter((r) => r.info.status === 'deployed')
    .map((r) => ({ ...r, info: { ...r.info, status: 'superseded' } }));
  return { next, superseded };
}
