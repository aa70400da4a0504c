// A Warrant server for load benchmarks, beside a bare Fastify route in the same process.
// Prints one JSON line: ports, an agent key, and an approved plan to authorize against.
import Fastify from 'fastify';
import { createWarrant } from '../../src/app.ts';
import { configSchema } from '../../src/config/schema.ts';
import { createLogger } from '../../src/core/logger.ts';
import { connect } from '../../src/db/connect.ts';
import { migrate } from '../../src/db/migrate.ts';

const url = process.env.WARRANT_BENCH_DATABASE_URL || undefined;
const schema = url ? `bench_${process.pid}` : undefined;
if (url && schema) {
  const admin = await connect({ url });
  await admin.pool!.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
}
const db = url ? await connect({ url, schema, poolSize: 20 }) : await connect({});
await migrate(db.orm);
const warrant = await createWarrant({
  // Load generators are one key on one address: rate limits would measure themselves.
  config: configSchema.parse({ ops: { rate_limit_per_minute: 0, rate_limit_per_ip_per_minute: 0 } }),
  db,
  home: '/nonexistent',
  logger: createLogger({ level: 'silent' }),
});
const boot = await warrant.tenancy.bootstrap();
if (!boot) throw new Error('the bench database must be empty');
const admin = (await warrant.tenancy.authenticateKey(boot.token))!;
const agentKey = await warrant.tenancy.createKey(admin, { role: 'agent', name: 'bench-agent' });
const agent = (await warrant.tenancy.authenticateKey(agentKey.key))!;
const input = { namespace: 'shop', deployment: 'checkout', replicas: 3 };
const submitted = await warrant.plans.submit(agent, {
  summary: 'bench',
  intent: 'benchmark plan',
  trigger: 'manual',
  context: { environment: 'stage', namespace: 'shop' },
  steps: [
    { step_id: 'scale', action: 'scale', tool: 'k8s.scale', input, preconditions: [], evidence_required: [] },
  ],
});
await warrant.server.listen({ host: '127.0.0.1', port: 0 });
const bare = Fastify();
bare.get('/bare', async () => ({ ok: true }));
// The same JSON body as an authorize call, parsed and answered with nothing else around it.
bare.post('/bare', async (request) => ({
  allowed: true,
  echo: (request.body as { step_id?: string }).step_id,
}));
await bare.listen({ host: '127.0.0.1', port: 0 });
const port = (server: { server: { address(): unknown } }) =>
  (server.server.address() as { port: number }).port;
process.stdout.write(
  `${JSON.stringify({
    warrant: port(warrant.server),
    bare: port(bare),
    adminKey: boot.token,
    agentKey: agentKey.key,
    authorize: { plan_id: submitted.body.id, step_id: 'scale', tool: 'k8s.scale', input },
  })}\n`,
);
process.on('SIGTERM', async () => {
  await warrant.close();
  await bare.close();
  if (url && schema) await db.pool!.query(`DROP SCHEMA ${schema} CASCADE`);
  await db.close();
  process.exit(0);
});
