// Serves Warrant (authenticated GET /v1/whoami) and a bare Fastify route side by side in one process.
import Fastify from 'fastify';
import { createWarrant } from '../../src/app.ts';
import { configSchema } from '../../src/config/schema.ts';
import { connect } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';
import { createLogger } from '../../src/ops/logger.ts';

const url = process.env.WARRANT_BENCH_DATABASE_URL;
const db = url ? await connect({ url }) : await connect({});
await migrate(db.orm);
const warrant = await createWarrant({
  config: configSchema.parse({}),
  db,
  home: '/nonexistent',
  logger: createLogger({ level: 'silent' }),
});
const boot = await warrant.tenancy.bootstrap();
const key = boot?.token ?? process.env.WARRANT_BENCH_KEY;
await warrant.server.listen({ host: '127.0.0.1', port: 0 });
const bare = Fastify();
bare.get('/bare', async () => ({ ok: true }));
await bare.listen({ host: '127.0.0.1', port: 0 });
const port = (server: { server: { address(): unknown } }) =>
  (server.server.address() as { port: number }).port;
process.stdout.write(`${JSON.stringify({ warrant: port(warrant.server), bare: port(bare), key })}\n`);
process.on('SIGTERM', async () => {
  await warrant.close();
  await bare.close();
  await db.close();
  process.exit(0);
});
