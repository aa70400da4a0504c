/**
 * The console's static files (web/dist) at `/`: the built files with their content types, and index.html for
 * any other GET outside /v1 so the single-page app owns its paths. A small handler rather than a dependency.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/schema.ts';
import type { RouteModule } from '../core/route-module.ts';

export const CONSOLE_DIR = fileURLToPath(new URL('../../web/dist', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Everything comes from this origin; React sets styles through the CSSOM, which style-src does not cover. OIDC
 * sign-in fetches the issuer's discovery document and token endpoint, so its origin may be connected to; the
 * redirect to its authorization endpoint is a plain navigation, which CSP does not restrict.
 */
function contentSecurityPolicy(identityProvider: string | undefined): string {
  const connect = ["'self'", ...(identityProvider ? [new URL(identityProvider).origin] : [])].join(' ');
  return (
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src ${connect}; ` +
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
  );
}

// The server never builds the console (npm ci's prepare step and `npm run build` do).
const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Warrant</title></head><body><p>The console is not built: run <code>npm run build</code> (or <code>npm ci</code>)
in the Warrant folder; this page reloads every 5 seconds. The API is up.</p></body></html>`;

async function readIfFile(path: string): Promise<Buffer | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? readFile(path) : undefined;
}

function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split('?')[0]!);
  } catch {
    return undefined;
  }
}

export function consoleRoutes(
  gateway: Pick<Config['gateway'], 'oidc_issuer' | 'oidc_client_id'>,
  dir = CONSOLE_DIR,
): RouteModule {
  // The console signs in through the issuer only with a client id to sign in as.
  const csp = contentSecurityPolicy(gateway.oidc_client_id ? gateway.oidc_issuer : undefined);
  return {
    public: true,
    register(app) {
      app.get('/*', { schema: { hide: true } }, async (request, reply) => {
        const path = decodePath(request.url);
        if (path === undefined || path === '/v1' || path.startsWith('/v1/')) return reply.callNotFound();
        const file = normalize(join(dir, path));
        if (file !== dir && !file.startsWith(dir + sep)) return reply.callNotFound();
        const asset = path === '/' ? undefined : await readIfFile(file);
        if (asset) {
          // Vite names assets by content hash, so they never change under one name.
          if (path.startsWith('/assets/'))
            reply.header('cache-control', 'public, max-age=31536000, immutable');
          return reply.type(TYPES[extname(file)] ?? 'application/octet-stream').send(asset);
        }
        // A missing file with an extension is a broken link, not an app path.
        if (extname(path) !== '') return reply.callNotFound();
        const index = await readIfFile(join(dir, 'index.html'));
        reply.header('content-security-policy', csp).header('cache-control', 'no-cache');
        if (!index) return reply.code(503).type(TYPES['.html']!).send(NOT_BUILT);
        return reply.type(TYPES['.html']!).send(index);
      });
    },
  };
}
