import { Problem } from '../core/problem.ts';

/** One structured completion: instructions, the (already redacted) request, and the JSON Schema wanted. */
export interface CompletionRequest {
  system: string;
  prompt: string;
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  maxOutputTokens: number;
  signal: AbortSignal;
}

/** A language model behind one call; the answer is the model's raw text, checked by the caller. */
export interface ModelProvider {
  readonly name: string;
  readonly model: string;
  complete(request: CompletionRequest): Promise<string>;
}

export interface OutputIssue {
  path: string;
  message: string;
}

/** The model answered, but not with something usable: refused whole, never used in part. */
export class ModelOutputError extends Problem {
  readonly issues: OutputIssue[];
  constructor(detail: string, issues: OutputIssue[]) {
    super(422, 'model_output_invalid', detail, { issues });
    this.issues = issues;
  }
}

/** The model could not be asked: unreachable, refused the call, too slow, or (offline) no rule applies. */
export class ModelCallError extends Problem {
  /** The provider itself is down (no connection, a 5xx, a 429), as opposed to refusing this one request. */
  readonly outage: boolean;
  constructor(status: 422 | 502 | 504, code: string, detail: string, outage = false) {
    super(status, code, detail);
    this.outage = outage;
  }
}

/** Drafting's degraded mode (availability.ts): the provider is down; try again after `retry_after_seconds`. */
export class ModelUnavailableError extends Problem {
  constructor(detail: string, retryAfterSeconds: number) {
    super(503, 'model_unavailable', detail, { retry_after_seconds: retryAfterSeconds });
  }
}
