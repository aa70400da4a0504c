/**
 * The one interface every external system sits behind. The run engine calls tools only through a
 * ConnectorRegistry, after re-authorizing the call; connectors never decide whether a call is allowed.
 */
import type { EvidenceRequirement } from '../plans/plan-schema.ts';
import type { ObservedGraph } from '../policy/context-sources.ts';

export interface CallContext {
  /** Derived from run, step and phase: the same logical call always carries the same key, so a
   * retried call after a crash is recognized by the far side (sent as an `Idempotency-Key` header). */
  idempotencyKey: string;
  /** Aborted when the run is cancelled or the worker shuts down. */
  signal: AbortSignal;
  /** Long operations call this now and then so the run's lease does not lapse. */
  heartbeat(): void;
}

export interface ToolResult {
  /** What the far side answered, as JSON; redacted by the engine before it is stored. */
  output: Record<string, unknown>;
  /** A link a person can open to see the effect (e.g. the Argo CD application page). */
  link?: string;
}

export interface EvidenceResult {
  /** The evidence body (query result, object status, …); redacted and hashed before storage. */
  result: unknown;
  link?: string;
}

/** One field a step would change on a resource: as it is now, and as it would be after the step. */
export interface StateChange {
  /** e.g. `deployment/shop/checkout`, `application/checkout`. */
  resource: string;
  /** e.g. `replicas`, `image (checkout)`, `revision`. */
  field: string;
  before: unknown;
  after: unknown;
}

/** What a call would do, found without doing it: a read, and at most a dry run the far side stores nothing of. */
export interface ToolPreview {
  /** `dry_run`: the after-state is the far side's own dry-run answer; `computed`: worked out from a read;
   * `read_only`: the tool changes nothing. */
  method: 'dry_run' | 'computed' | 'read_only';
  changes: StateChange[];
  /** Further lines for a person (e.g. what a wait waits for, as it stands now). */
  notes?: string[];
}

export interface Connector {
  /** Name used in config and messages, e.g. `kubernetes`. */
  readonly name: string;
  /** Tool names this connector executes, e.g. `k8s.scale`. */
  readonly tools: readonly string[];
  /** Evidence types (promql, traceql, argocd, k8s, cloudtrail, git, log) it can collect. */
  readonly evidence: readonly EvidenceRequirement['type'][];
  call(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolResult>;
  /**
   * Undoes a completed call of `tool`, from the input and output recorded for it (e.g. scale back to
   * the previous replica count). Absent, or throwing ConnectorError('not_undoable'), means it cannot.
   */
  undo?(
    tool: string,
    input: Record<string, unknown>,
    output: Record<string, unknown>,
    ctx: CallContext,
  ): Promise<ToolResult>;
  collect?(requirement: EvidenceRequirement, ctx: CallContext): Promise<EvidenceResult>;
  /**
   * The current state of what `tool` would act on and the state after it, read live and never written:
   * a read, and where the far side offers one, a server-side dry run. Absent: the connector cannot say.
   */
  preview?(tool: string, input: Record<string, unknown>, ctx: CallContext): Promise<ToolPreview>;
  /** The shape of the system it reaches, for the context graph (policy/context-sources.ts); absent: it cannot. */
  observe?(signal: AbortSignal): Promise<ObservedGraph>;
}

/** A failure the engine can reason about: `retryable` failures are retried, others fail the step. */
export class ConnectorError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable = false) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

export class ConnectorRegistry {
  readonly #byTool = new Map<string, Connector>();
  readonly #byEvidence = new Map<string, Connector>();

  constructor(connectors: readonly Connector[] = []) {
    for (const connector of connectors) this.register(connector);
  }

  register(connector: Connector): void {
    for (const tool of connector.tools) this.#byTool.set(tool, connector);
    for (const type of connector.evidence) this.#byEvidence.set(type, connector);
  }

  forTool(tool: string): Connector {
    const connector = this.#byTool.get(tool);
    if (!connector) throw new ConnectorError('no_connector', `no connector is configured for tool ${tool}`);
    return connector;
  }

  /** Whether some configured connector collects this kind of evidence. */
  collects(type: string): boolean {
    return !!this.#byEvidence.get(type)?.collect;
  }

  forEvidence(type: string): Connector {
    const connector = this.#byEvidence.get(type);
    if (!connector?.collect)
      throw new ConnectorError('no_connector', `no connector collects ${type} evidence`);
    return connector;
  }

  /** The connectors that can read their system's shape for the context graph, each once. */
  observers(): (Connector & Required<Pick<Connector, 'observe'>>)[] {
    const all = new Set([...this.#byTool.values(), ...this.#byEvidence.values()]);
    return [...all].filter((c): c is Connector & Required<Pick<Connector, 'observe'>> => !!c.observe);
  }
}
