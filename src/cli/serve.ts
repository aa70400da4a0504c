import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWarrant } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import { openRuntime } from './runtime.ts';

export async function serve(options: { worker: boolean }): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime();
  const warrant = await createWarrant({ config, db: runtime.db, home: runtime.home });
  const boot = await warrant.tenancy.bootstrap();
  if (boot) {
    const keyPath = join(runtime.home, 'admin-key');
    writeFileSync(keyPath, `${boot.token}\n`, { mode: 0o600 });
    process.stdout.write(
      `First start: created tenant "demo" and its admin API key (shown once; also in ${keyPath}):\n${boot.token}\n`,
    );
  }
  const [host, port] = splitAddr(config.gateway.http_addr);
  await warrant.server.listen({ host, port });
  warrant.startBackground();
  warrant.logger.info({
    message: `Warrant listening on http://${host}:${port}`,
    database: runtime.db.kind,
    worker: options.worker,
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    warrant.logger.info({ message: `received ${signal}, shutting down` });
    await warrant.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

export function splitAddr(addr: string): [string, number] {
  const index = addr.lastIndexOf(':');
  return [addr.slice(0, index), Number(addr.slice(index + 1))];
}
