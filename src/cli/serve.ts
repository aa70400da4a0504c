import { join } from 'node:path';
import { createWarrant } from '../app.ts';
import { loadConfig } from '../config/load.ts';
import { writePrivateFile } from '../core/key-file.ts';
import { seedDemo, writeDemoKeys } from '../demo/seed.ts';
import { consoleNeedsBuild } from '../http/console-build.ts';
import { openRuntime } from './runtime.ts';

export async function serve(options: { worker: boolean; demo?: boolean }): Promise<void> {
  const config = loadConfig();
  // The demo acts on the in-process simulated cluster unless real connectors are configured.
  if (options.demo && !config.connectors.k8s.api_url && !config.connectors.k8s.kubeconfig_path) {
    config.connectors.simulated.enabled = true;
  }
  const runtime = await openRuntime();
  const warrant = await createWarrant({ config, db: runtime.db, home: runtime.home });
  const boot = await warrant.tenancy.bootstrap();
  if (boot) {
    const keyPath = join(runtime.home, 'admin-key');
    writePrivateFile(keyPath, `${boot.token}\n`);
    process.stdout.write(
      `First start: created tenant "demo" and its admin API key (shown once; also in ${keyPath}):\n${boot.token}\n`,
    );
  }
  // Signals are handled before any work starts, so a stop always hands runs back cleanly.
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
  const [host, port] = splitAddr(config.gateway.http_addr);
  await warrant.server.listen({ host, port });
  if (warrant.webSockets && config.gateway.ws_addr) {
    const [wsHost, wsPort] = splitAddr(config.gateway.ws_addr);
    await warrant.webSockets.listen(wsHost, wsPort);
  }
  // Seeded after listening, so /healthz answers as soon as the server is up.
  if (boot && options.demo) {
    const keysPath = writeDemoKeys(runtime.home, await seedDemo(warrant, boot.token));
    process.stdout.write(
      `Demo data loaded: a shop, plans waiting for approval, and keys to try them with in ${keysPath}\n`,
    );
  }
  warrant.startBackground();
  if (options.worker) await warrant.startWorker();
  warrant.logger.info({
    message: `Warrant listening on http://${host}:${port}`,
    database: runtime.db.kind,
    worker: options.worker,
  });
  // The console is built before start (npm ci's prepare step, `npm run build`), never here; a checkout whose
  // build is missing or older than web/src is told so, after listening.
  if (consoleNeedsBuild())
    warrant.logger.warn({
      message: 'the console in web/dist is missing or older than web/src: run `npm run build` to build it',
    });
}

export function splitAddr(addr: string): [string, number] {
  const index = addr.lastIndexOf(':');
  return [addr.slice(0, index), Number(addr.slice(index + 1))];
}
