/** Every query of the playbooks and runbooks tables. Each function takes the orm or an open transaction. */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/connect.ts';
import { type PlaybookRecord, playbooks, type RunbookRecord, runbooks } from './tables.ts';

// --- playbooks

const versionColumns = {
  name: playbooks.name,
  version: playbooks.version,
  body: playbooks.body,
  content_hash: playbooks.content_hash,
  created_at: playbooks.created_at,
};
/** One stored version of a playbook, as the service reads it. */
export type PlaybookVersion = Pick<PlaybookRecord, keyof typeof versionColumns>;

/** The latest version of each of the tenant's playbooks. */
export function latestPlaybooks(db: Executor, tenantId: string): Promise<PlaybookVersion[]> {
  return db
    .selectDistinctOn([playbooks.name], versionColumns)
    .from(playbooks)
    .where(eq(playbooks.tenant_id, tenantId))
    .orderBy(asc(playbooks.name), desc(playbooks.version));
}

/** The latest version of one playbook, or the version asked for. */
export async function findPlaybook(
  db: Executor,
  tenantId: string,
  name: string,
  version?: number,
): Promise<PlaybookVersion | undefined> {
  const [row] = await db
    .select(versionColumns)
    .from(playbooks)
    .where(
      and(
        eq(playbooks.tenant_id, tenantId),
        eq(playbooks.name, name),
        version === undefined ? undefined : eq(playbooks.version, version),
      ),
    )
    .orderBy(desc(playbooks.version))
    .limit(1);
  return row;
}

/** Serializes versions of one name without a table lock: concurrent writers queue on this key. */
export async function lockPlaybookName(tx: Executor, tenantId: string, name: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`playbook:${tenantId}:${name}`}))`);
}

export async function insertPlaybook(tx: Executor, row: PlaybookRecord): Promise<void> {
  await tx.insert(playbooks).values(row);
}

// --- runbooks

const storedColumns = {
  id: runbooks.id,
  title: runbooks.title,
  markdown: runbooks.markdown,
  services: runbooks.services,
  playbooks: runbooks.playbooks,
  version: runbooks.version,
  updated_by: runbooks.updated_by,
  updated_at: runbooks.updated_at,
};

/** Stores a runbook as version 1, or as the next version of the tenant's runbook of that id. */
export async function upsertRunbook(
  tx: Executor,
  row: Omit<RunbookRecord, 'version'>,
): Promise<Pick<RunbookRecord, keyof typeof storedColumns>> {
  const [stored] = await tx
    .insert(runbooks)
    .values({ ...row, version: 1 })
    .onConflictDoUpdate({
      target: [runbooks.tenant_id, runbooks.id],
      set: {
        title: sql`EXCLUDED.title`,
        markdown: sql`EXCLUDED.markdown`,
        services: sql`EXCLUDED.services`,
        playbooks: sql`EXCLUDED.playbooks`,
        version: sql`${runbooks.version} + 1`,
        updated_by: sql`EXCLUDED.updated_by`,
        updated_at: sql`EXCLUDED.updated_at`,
      },
    })
    .returning(storedColumns);
  return stored!;
}

export async function findRunbook(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<RunbookRecord | undefined> {
  const [row] = await db
    .select()
    .from(runbooks)
    .where(and(eq(runbooks.tenant_id, tenantId), eq(runbooks.id, id)));
  return row;
}

export function listRunbooks(db: Executor, tenantId: string): Promise<RunbookRecord[]> {
  return db.select().from(runbooks).where(eq(runbooks.tenant_id, tenantId)).orderBy(asc(runbooks.id));
}

/** The tenant's runbooks linked to any of these services or playbooks. */
export function runbooksLinkedTo(
  db: Executor,
  tenantId: string,
  links: { services: readonly string[]; playbooks: readonly string[] },
): Promise<RunbookRecord[]> {
  return db
    .select()
    .from(runbooks)
    .where(
      and(
        eq(runbooks.tenant_id, tenantId),
        sql`(
          EXISTS (SELECT 1 FROM jsonb_array_elements_text(${runbooks.services}) s
                  WHERE s IN (SELECT jsonb_array_elements_text(${JSON.stringify(links.services)}::jsonb)))
          OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(${runbooks.playbooks}) p
                  WHERE p IN (SELECT jsonb_array_elements_text(${JSON.stringify(links.playbooks)}::jsonb))))`,
      ),
    )
    .orderBy(asc(runbooks.id));
}
