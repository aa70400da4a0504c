import type { z } from 'zod';
import type { AuditActor } from '../audit/append.ts';
import type { Config } from '../config/schema.ts';
import { ConnectorError, type ConnectorRegistry } from '../connectors/connector.ts';
import { GitHubConnector } from '../connectors/github.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { Problem } from '../core/problem.ts';
import type { Orm } from '../db/connect.ts';
import type { ModelProvider } from '../llm/provider.ts';
import { generateStructured } from '../llm/structured.ts';
import type { Redactor } from '../redaction/redact.ts';

export interface WorklogDeps {
  orm: Orm;
  clock: Clock;
  logger: Logger;
  redactor: Redactor;
  llm: Config['llm'];
  /** The configured model, built per call so refreshed credentials are picked up. */
  provider: () => ModelProvider;
  /** GitHub is the connector that serves `github.create_repository`. */
  connectors: ConnectorRegistry;
}

/** A service as an actor in the audit log: `github` for what a delivery says, `worklog` for what WorkLog does. */
export const serviceActor = (id: 'github' | 'worklog', tenantId: string): AuditActor => ({
  id,
  type: 'service',
  roles: [],
  tenant_id: tenantId,
});

export const worklogActor = (tenantId: string) => serviceActor('worklog', tenantId);

export function githubOf(deps: Pick<WorklogDeps, 'connectors'>): GitHubConnector {
  try {
    const connector = deps.connectors.forTool('github.create_repository');
    if (connector instanceof GitHubConnector) return connector;
  } catch {
    // No connector at all: the same answer as a non-GitHub one.
  }
  // Not offered by this installation: the caller's 404, not a fault of the server.
  throw new Problem(
    404,
    'github_not_configured',
    'WorkLog needs connectors.github.api_url, which is not set',
  );
}

/** One schema-checked model answer; the prompt document is redacted on its way out. */
export function ask<T extends z.ZodType>(
  deps: Pick<WorklogDeps, 'provider' | 'redactor' | 'llm'>,
  request: { schema: T; schemaName: string; system: string; prompt: Record<string, unknown> },
): Promise<z.output<T>> {
  return generateStructured(deps.provider(), {
    ...request,
    redactor: deps.redactor,
    maxOutputTokens: deps.llm.max_output_tokens,
    timeoutMs: deps.llm.timeout_ms,
  });
}

/** A GitHub call made for a request: its failure is the caller's 502 (or 504), not an internal error. */
export async function upstream<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    throw new Problem(error.code === 'not_found' ? 404 : 502, `github_${error.code}`, error.message);
  }
}
