/**
 * Builds the console (web/) into web/dist with Vite's JS API, for scripts/build-console.ts (npm's `prepare` step
 * and `npm run build`) and the console's tests; never the server, which serves what is built. Vite is a dev
 * dependency, so an install without it serves the API alone.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONSOLE_DIR } from './console.ts';

const WEB_DIR = fileURLToPath(new URL('../../web', import.meta.url));

function newestSource(): number {
  const files = readdirSync(join(WEB_DIR, 'src'), { recursive: true, encoding: 'utf8' }).map((f) =>
    join(WEB_DIR, 'src', f),
  );
  files.push(join(WEB_DIR, 'index.html'), join(WEB_DIR, 'vite.config.ts'));
  return Math.max(...files.map((file) => statSync(file).mtimeMs));
}

/** A checkout with the console's sources whose web/dist is missing or stale; a packaged install never is. */
export function consoleNeedsBuild(): boolean {
  if (!existsSync(join(WEB_DIR, 'vite.config.ts'))) return false;
  const index = join(CONSOLE_DIR, 'index.html');
  return !existsSync(index) || statSync(index).mtimeMs < newestSource();
}

export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
}
