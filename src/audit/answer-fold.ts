import type { AuditInput } from './append.ts';

/** One distinct answer of a folded event: its context, and the time of every time it was given. */
export interface FoldedAnswer {
  context: Record<string, unknown>;
  at: string[];
}

interface Item {
  event: AuditInput;
  /** Distinct answers by their context's JSON; absent for an event that folds with nothing. */
  answers?: Map<string, FoldedAnswer>;
}

/**
 * Folds records of answers (authorize) as they arrive, without I/O. Records that share a digest key
 * (same tenant, actor, plan, run and outcome) become ONE event; within it, identical answers (same
 * context) become one entry listing the time of each. Every answer is still there, with its own time,
 * but a burst of the same question costs one small row instead of thousands of big ones, and the hot
 * path allocates one string per answer instead of a record.
 */
export class AnswerFold {
  #items: Item[] = [];
  #byKey = new Map<string, Item>();
  #size = 0;

  /** Answers held (not events: one event can hold many). */
  get size(): number {
    return this.#size;
  }

  add(input: AuditInput, digestKey?: string): void {
    this.#size++;
    if (digestKey === undefined) {
      this.#items.push({ event: input });
      return;
    }
    let item = this.#byKey.get(digestKey);
    if (!item) {
      item = { event: input, answers: new Map() };
      this.#byKey.set(digestKey, item);
      this.#items.push(item);
    }
    const context = input.context ?? {};
    const key = JSON.stringify(context);
    const at = input.occurred_at.toISOString();
    const folded = item.answers!.get(key);
    if (folded) folded.at.push(at);
    else item.answers!.set(key, { context, at: [at] });
  }

  /**
   * Everything held, as events in the order their first answer arrived (each with how many answers it
   * records), and a fresh fold for what comes next. A folded event is dated by its first answer.
   */
  take(): FoldedEvent[] {
    const taken = this.#items.map(toEvent);
    this.#items = [];
    this.#byKey = new Map();
    this.#size = 0;
    return taken;
  }
}

export interface FoldedEvent {
  event: AuditInput;
  answers: number;
}

function toEvent({ event, answers }: Item): FoldedEvent {
  if (!answers) return { event, answers: 1 };
  let count = 0;
  const listed = [...answers.values()].map(({ context, at }) => {
    count += at.length;
    return { ...context, count: at.length, at };
  });
  return { event: { ...event, context: { count, answers: listed } }, answers: count };
}
