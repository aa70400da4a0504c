import { useEffect, useId, useState } from 'react';
import { post } from '../lib/api.ts';
import { Problem } from './Problem.tsx';

export type Decision = 'approve' | 'deny' | 'send_back';
const KEYS: Record<string, Decision> = { a: 'approve', d: 'deny', s: 'send_back' };

export const planVotes = (planId: string) => `/v1/plans/${planId}/approvals`;
/** Plan votes record where they were cast, and are for the revision on screen (a newer one refuses them). */
export const planVoteExtra = (plan: { content_hash: string }) => ({
  source: 'ui',
  content_hash: plan.content_hash,
});

/**
 * A single keystroke must not approve a high-risk (or critical) plan: `a` asks first, naming what is at stake.
 * The sentence to confirm, or undefined when `a` approves at once.
 */
export const keyboardConfirmation = (plan: {
  decision: { risk: { level: string } };
  context: Record<string, string>;
}): string | undefined => {
  const { level } = plan.decision.risk;
  if (level !== 'high' && level !== 'critical') return undefined;
  const where = plan.context.environment ? ` in ${plan.context.environment}` : '';
  return `This is a ${level}-risk plan${where}. Approve it?`;
};

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
  confirmKeyboardApproval,
}: {
  path: string;
  extra?: Record<string, string>;
  onVoted: (decision: Decision) => void;
  /** Asked before `a` approves (see keyboardConfirmation); the Approve button is deliberate enough. */
  confirmKeyboardApproval?: string;
}) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const commentId = useId();
  const confirmId = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new subject starts a fresh form.
  useEffect(() => {
    setComment('');
    setError(undefined);
    setDone(undefined);
    setConfirming(false);
  }, [path]);

  const vote = async (decision: Decision) => {
    if (busy) return;
    setBusy(true);
    setConfirming(false);
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
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (confirming) {
        // While asked: Enter or y approves, Escape or n does not; other keys do nothing.
        // Enter on a focused button is that button's click.
        if (event.key === 'Enter' && event.target instanceof HTMLButtonElement) return;
        if (event.key === 'Enter' || event.key === 'y') {
          event.preventDefault();
          void vote('approve');
        } else if (event.key === 'Escape' || event.key === 'n') {
          event.preventDefault();
          setConfirming(false);
        }
        return;
      }
      const decision = KEYS[event.key];
      if (!decision) return;
      event.preventDefault();
      if (decision === 'approve' && confirmKeyboardApproval) setConfirming(true);
      else void vote(decision);
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
      {confirming && (
        <div className="confirm" role="alertdialog" aria-labelledby={confirmId}>
          <p id={confirmId}>
            <strong>{confirmKeyboardApproval}</strong> Press <kbd>Enter</kbd> to approve or <kbd>Esc</kbd> to
            go back.
          </p>
          <div className="buttons">
            {/* biome-ignore lint/a11y/noAutofocus: the question takes the focus, so Enter answers it. */}
            <button type="button" className="approve" autoFocus onClick={() => void vote('approve')}>
              Yes, approve
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              No, go back
            </button>
          </div>
        </div>
      )}
      {done && (
        <p className="ok" role="status">
          {done}
        </p>
      )}
      <Problem error={error} />
    </section>
  );
}
