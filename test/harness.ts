import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWarrant, type Warrant } from '../src/app.ts';
import { generateSignerKey } from '../src/audit/checkpoint.ts';
import { type Config, configSchema } from '../src/config/schema.ts';
import type { ConnectorRegistry } from '../src/connectors/connector.ts';
import type { Clock } from '../src/core/clock.ts';
import { createLogger, type Logger } from '../src/core/logger.ts';
import { openTestDatabase } from '../src/db/testing.ts';
import type { ObjectStore } from '../src/storage/object-store.ts';
import { ResponseContract } from './response-contract.ts';

export interface Harness {
  warrant: Warrant;
  url: string;
  adminKey: string;
  /** Every answer `call` gets is checked against the OpenAPI document (see ResponseContract). */
  contract: ResponseContract;
  call<T = unknown>(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

/** A real Warrant on 127.0.0.1 over its own test database (PGlite, or a PostgreSQL schema). */
export async function startHarness(
  options: {
    config?: Partial<Config>;
    clock?: Clock;
    connectors?: ConnectorRegistry;
    logger?: Logger;
    /** The checkpoint signer key; default a new one. Given when another server must know it before this starts. */
    auditSignerKey?: string;
    /** Default: any free port. Given when another server's configuration must name this one's URL. */
    port?: number;
    /** Default: a directory under the test's home. */
    objects?: ObjectStore;
  } = {},
): Promise<Harness> {
  const db = await openTestDatabase();
  const config = configSchema.parse(options.config ?? {});
  const logger = options.logger ?? createLogger({ level: process.env.WARRANT_TEST_LOG ?? 'silent' });
  const warrant = await createWarrant({
    config,
    db,
    home: mkdtempSync(join(tmpdir(), 'warrant-test-home-')),
    clock: options.clock,
    logger,
    ...(options.connectors ? { connectors: options.connectors } : {}),
    ...(options.objects ? { objects: options.objects } : {}),
    // An in-memory key: tests must not write one under a home directory.
    auditSignerKey: options.auditSignerKey ?? generateSignerKey('warrant.test/audit').signerKey,
  });
  const boot = await warrant.tenancy.bootstrap();
  if (!boot) throw new Error('a fresh test database must bootstrap');
  await warrant.server.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const { port } = warrant.server.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const contract = new ResponseContract(warrant.server.swagger() as never);
  return {
    warrant,
    url,
    adminKey: boot.token,
    contract,
    async call(method, path, { key = boot.token, body, raw, headers = {} } = {}) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          ...(key ? { authorization: `Bearer ${key}` } : {}),
          ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Non-JSON answers (metrics, checkpoints) stay text.
      }
      contract.check(method, path, response.status, response.headers.get('content-type'), parsed);
      return { status: response.status, body: parsed as never, headers: response.headers };
    },
    async close() {
      await warrant.close();
      await db.close();
    },
  };
}

/** Creates tenant `name` (if needed) and a key with `role` in it, through the API. */
export async function keyFor(
  harness: Harness,
  tenant: string,
  role: string,
  name = `${role}-${tenant}`,
): Promise<string> {
  const existing = await harness.call<{ items: { name: string }[] }>('GET', '/v1/tenants');
  if (!existing.body.items.some((item) => item.name === tenant)) {
    const created = await harness.call('POST', '/v1/tenants', { body: { name: tenant } });
    if (created.status !== 201) throw new Error(`tenant ${tenant}: ${JSON.stringify(created.body)}`);
  }
  const key = await harness.call<{ key: string }>('POST', '/v1/keys', { body: { tenant, role, name } });
  if (key.status !== 201) throw new Error(`key: ${JSON.stringify(key.body)}`);
  return key.body.key;
}
