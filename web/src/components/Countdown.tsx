import { useNow } from '../lib/hooks.ts';

function remaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** Time left before `until`, ticking; urgent under an hour. */
export function Countdown({ until, label = 'expires in' }: { until: string; label?: string }) {
  const left = Date.parse(until) - useNow();
  if (left <= 0) return <span className="countdown urgent">expired</span>;
  return (
    <span className={left < 3_600_000 ? 'countdown urgent' : 'countdown'}>
      <time dateTime={until} title={new Date(until).toLocaleString()}>
        {label} {remaining(left)}
      </time>
    </span>
  );
}
