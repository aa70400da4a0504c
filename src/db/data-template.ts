// A migrated, empty embedded database, made once at install (issue 22: first start ≤ 3 s). A first start used to
// run PGlite's initdb and every migration, most of its time; it now copies this directory instead, and migrate()
// applies only what is newer than the copy. The copy is used only while it is what initdb and the migrations
// would give: made by the PGlite of today's package-lock.json, from migration files whose content is unchanged.
// An empty database holds nothing of an installation (keys, tenants and events are made at its first start).
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_DIR, fileHash, lockfileHash } from '../core/install-build.ts';
import { connect } from './connect.ts';
import { migrate, migrationsDir } from './migrate.ts';

export const DATA_TEMPLATE_DIR = join(BUILD_DIR, 'pgdata-template');

interface TemplateManifest {
  lockfile: string;
  /** Each migration applied in the template and the SHA-256 of its file. */
  migrations: Record<string, string>;
}

const manifestOf = (dir: string) => `${dir}.json`;

/** Makes the template in `dir` (replacing it): a new PGlite data directory with every migration applied. */
export async function buildDataTemplate(
  dir: string = DATA_TEMPLATE_DIR,
  migrations: string = migrationsDir,
): Promise<{ migrations: number }> {
  rmSync(manifestOf(dir), { force: true });
  rmSync(dir, { recursive: true, force: true });
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  const db = await connect({ dataDir: partial });
  try {
    await migrate(db.orm, migrations);
  } finally {
    await db.close();
  }
  renameSync(partial, dir);
  const applied = readdirSync(migrations).filter((name) => name.endsWith('.sql'));
  const manifest: TemplateManifest = {
    lockfile: lockfileHash(),
    migrations: Object.fromEntries(applied.map((name) => [name, fileHash(join(migrations, name))])),
  };
  // Last: a template without its manifest is never used.
  writeFileSync(manifestOf(dir), `${JSON.stringify(manifest, null, 2)}\n`);
  return { migrations: applied.length };
}

/** True when the template in `dir` may stand for initdb and its migrations today. */
export function templateIsCurrent(
  dir: string = DATA_TEMPLATE_DIR,
  migrations: string = migrationsDir,
): boolean {
  try {
    const manifest = JSON.parse(readFileSync(manifestOf(dir), 'utf8')) as TemplateManifest;
    if (manifest.lockfile !== lockfileHash()) return false;
    return Object.entries(manifest.migrations).every(
      ([name, hash]) => fileHash(join(migrations, name)) === hash,
    );
  } catch {
    return false; // no template, or a migration it holds is gone
  }
}

/**
 * Puts a copy of the template at `dataDir` when there is no database there yet and the template is current;
 * returns whether it did. The copy lands under another name first: a start stopped mid-copy leaves no half
 * database behind. The caller holds the home's lock.
 */
export function seedFromTemplate(dataDir: string, dir: string = DATA_TEMPLATE_DIR): boolean {
  if (existsSync(dataDir) || !templateIsCurrent(dir)) return false;
  const partial = `${dataDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(dir, partial, { recursive: true });
  renameSync(partial, dataDir);
  return true;
}
