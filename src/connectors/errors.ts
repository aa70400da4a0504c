/**
 * How the far side's failures map onto ConnectorError, shared by every connector so the run engine sees the
 * same codes whichever system failed: overload and server errors are worth retrying, the rest are not.
 */
import { ConnectorError } from './connector.ts';

export function errorForStatus(system: string, status: number, detail: string): ConnectorError {
  const message = `${system} answered ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 408 || status === 429 || status >= 500)
    return new ConnectorError('unavailable', message, true);
  if (status === 401 || status === 403) return new ConnectorError('unauthorized', message);
  if (status === 404) return new ConnectorError('not_found', message);
  if (status === 409) return new ConnectorError('conflict', message);
  return new ConnectorError('rejected', message);
}

/** A failure before any answer: cancelled by the engine (final), or a network error or timeout (retryable). */
export function errorForTransport(system: string, error: unknown, signal: AbortSignal): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (signal.aborted) return new ConnectorError('cancelled', `${system}: the call was cancelled`);
  const cause = (error as { cause?: { code?: string } }).cause?.code;
  const text = (error as Error).message ?? String(error);
  return new ConnectorError('unavailable', `${system} unreachable: ${cause ? `${cause} ` : ''}${text}`, true);
}

export function unknownTool(connector: string, tool: string): ConnectorError {
  return new ConnectorError('unknown_tool', `${connector} does not run ${tool}`);
}

/** Aborts on the engine's signal or after `timeoutMs`, whichever comes first. */
export function callSignal(signal: AbortSignal, timeoutMs: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
}
