import { sql } from 'drizzle-orm';
import type { Config } from './config/schema.ts';
import { type Clock, systemClock } from './core/clock.ts';
import type { Database } from './db/connect.ts';
import { subscribe } from './db/notify.ts';
import { type App, buildServer } from './http/server.ts';
import { createLogger, type Logger } from './ops/logger.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { createAuthenticator } from './tenancy/authenticate.ts';
import { tenancyRoutes } from './tenancy/routes.ts';
import { KEY_REVOKED_CHANNEL, TenancyService } from './tenancy/service.ts';

export interface WarrantOptions {
  config: Config;
  db: Database;
  home: string;
  clock?: Clock;
  logger?: Logger;
}

/** Every service of one Warrant process, wired once; the HTTP server, CLI and tests share it. */
export interface Warrant {
  config: Config;
  db: Database;
  home: string;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  tenancy: TenancyService;
  server: App;
  close(): Promise<void>;
}

export async function createWarrant(options: WarrantOptions): Promise<Warrant> {
  const { config, db, home } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger();
  const metrics = createMetrics();
  const tenancy = new TenancyService(db.orm, clock);
  const revocations = await subscribe(
    db,
    KEY_REVOKED_CHANNEL,
    (keyId) => tenancy.evictKey(keyId),
    () => tenancy.evictKey(),
  );
  const server = await buildServer({
    logger,
    metrics,
    authenticate: createAuthenticator(config, tenancy),
    bodyLimit: config.gateway.body_limit_bytes,
    modules: [tenancyRoutes(tenancy)],
    ready: async () => {
      await db.orm.execute(sql`SELECT 1`);
      return true;
    },
  });
  return {
    config,
    db,
    home,
    clock,
    logger,
    metrics,
    tenancy,
    server,
    async close() {
      await server.close();
      await revocations.close();
    },
  };
}
