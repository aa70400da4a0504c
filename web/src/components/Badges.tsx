import type { RiskLevel } from '../lib/types.ts';

export function RiskBadge({ level }: { level: RiskLevel }) {
  return <span className={`badge risk-${level}`}>{level} risk</span>;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{status.replace(/_/g, ' ')}</span>;
}

/** A SHA-256 in full (auditors compare it), wrapped so it never widens the page. */
export function Hash({ value, label = 'SHA-256' }: { value: string | null; label?: string }) {
  if (!value) return null;
  return (
    <span className="hash">
      <span className="muted">{label} </span>
      <code>{value}</code>
    </span>
  );
}

export const shortId = (id: string) => id.slice(0, 8);
