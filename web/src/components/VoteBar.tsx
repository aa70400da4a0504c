import { useEffect, useId, useState } from 'react';
import { post } from '../lib/api.ts';
import { Problem } from './Problem.tsx';

export type Decision = 'approve' | 'deny' | 'send_back';
const KEYS: Record<string, Decision> = { a: 'approve', d: 'deny', s: 'send_back' };

export const planVotes = (planId: string) => `/v1/plans/${planId}/approvals`;
/** Plan votes record where they were cast. */
export const FROM_UI = { source: 'ui' };

/** Typing in a field must not vote. */
export const typing = (event: KeyboardEvent) =>
  event.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);

/**
 * Approve, deny or send back, with a comment; a, d and s do the same from the keyboard. `path` is where the
 * vote goes (a plan's or a WorkLog intent's approvals), `extra` what else that route takes.
 */
export function VoteBar({
  path,
  extra,
  onVoted,
}: {
  path: string;
  extra?: Record<string, string>;
  onVoted: (decision: Decision) => void;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const commentId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new subject starts a fresh form.
  useEffect(() => {
    setComment('');
    setError(undefined);
    setDone(undefined);
  }, [path]);

  const vote = async (decision: Decision) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await post(path, { decision, ...extra, ...(comment ? { comment } : {}) });
      setDone(`Recorded: ${decision.replace('_', ' ')}.`);
      onVoted(decision);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const decision = KEYS[event.key];
      if (!decision || typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      void vote(decision);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="vote-bar" aria-label="Your vote">
      <label htmlFor={commentId}>Comment (optional; say why when you deny or send back)</label>
      <textarea id={commentId} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
      <div className="buttons">
        <button type="button" className="approve" disabled={busy} onClick={() => void vote('approve')}>
          Approve <kbd>a</kbd>
        </button>
        <button type="button" className="deny" disabled={busy} onClick={() => void vote('deny')}>
          Deny <kbd>d</kbd>
        </button>
        <button type="button" disabled={busy} onClick={() => void vote('send_back')}>
          Send back <kbd>s</kbd>
        </button>
      </div>
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      <Problem error={error} />
    </section>
  );
}
