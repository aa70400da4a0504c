import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from './roles.ts';

// The contract between the HTTP server (http/) and the folders that bring routes: kept in the kernel so a
// folder registering routes depends on this, not on the server that runs them.

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    startedAt: bigint;
    /** The unexpected error behind a 5xx, logged on the request's one line. */
    failure: unknown;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A capability's routes: registered under /v1 behind authentication unless `public`. */
export interface RouteModule {
  register(app: App): void | Promise<void>;
  /** Routes that authenticate themselves (webhooks with signatures). */
  public?: boolean;
}

/** Resolves a request's `Authorization` header to its actor (tenancy/authenticate.ts builds the real one). */
export type Authenticator = (authorization: string | undefined) => Promise<Actor>;
