import { z } from 'zod';
import type { Redactor } from '../redaction/redact.ts';
import { ModelCallError, ModelOutputError, type ModelProvider, type OutputIssue } from './provider.ts';

export interface StructuredRequest<T extends z.ZodType> {
  schema: T;
  schemaName: string;
  system: string;
  /** Text, or a document whose every string is redacted on its own (so a greedy pattern cannot eat the JSON). */
  prompt: string | Record<string, unknown>;
  redactor: Redactor;
  maxOutputTokens: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Asks the model for one JSON document and returns it only when it parses against `schema`. The prompt is
 * redacted before it reaches the provider; anything but a fully valid answer is a ModelOutputError.
 */
export async function generateStructured<T extends z.ZodType>(
  provider: ModelProvider,
  request: StructuredRequest<T>,
): Promise<z.output<T>> {
  const { redactor } = request;
  const prompt =
    typeof request.prompt === 'string'
      ? redactor.text(request.prompt)
      : JSON.stringify(redactor.value(request.prompt), null, 2);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  let text: string;
  try {
    text = await provider.complete({
      system: redactor.text(request.system),
      prompt,
      schemaName: request.schemaName,
      jsonSchema: z.toJSONSchema(request.schema, { io: 'input', unrepresentable: 'any' }),
      maxOutputTokens: request.maxOutputTokens,
      signal,
    });
  } catch (error) {
    if (error instanceof ModelCallError) throw error;
    if (timeout.aborted) {
      throw new ModelCallError(
        504,
        'model_timeout',
        `${provider.name} did not answer within ${request.timeoutMs} ms`,
      );
    }
    // The SDKs' API errors carry the HTTP status; a connection error has none.
    const status = (error as { status?: unknown }).status;
    const outage = typeof status !== 'number' || status >= 500 || status === 429;
    throw new ModelCallError(
      502,
      'model_unavailable',
      `${provider.name}: ${(error as Error).message}`,
      outage,
    );
  }
  const parsed = request.schema.safeParse(parseJson(text));
  if (!parsed.success) {
    const issues: OutputIssue[] = parsed.error.issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.join('.') : '(root)',
      message: issue.message,
    }));
    throw new ModelOutputError(
      `the model's answer does not match ${request.schemaName}: ${issues[0]?.path}: ${issues[0]?.message}`,
      issues,
    );
  }
  return parsed.data;
}

/** The JSON document in a model's answer, which may be fenced (```json) or wrapped in a sentence. */
export function parseJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1];
  const body = fenced ?? text;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  try {
    if (start < 0 || end < start) throw new Error('no JSON object');
    return JSON.parse(body.slice(start, end + 1));
  } catch {
    throw new ModelOutputError('the model did not answer with a JSON object', [
      { path: '(root)', message: `not JSON: ${text.slice(0, 200)}` },
    ]);
  }
}
