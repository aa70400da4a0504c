import { StatusBadge } from '../components/Badges.tsx';
import { Problem } from '../components/Problem.tsx';
import { getJson } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Actor } from '../lib/types.ts';
import { GovernanceReviews } from './GovernanceReviews.tsx';

interface Decision {
  id: string;
  kind: string;
  title: string;
  severity: string;
  status: string;
  expires_at: string;
}

/** Governance decisions (accepted risks, exceptions), then tenant reviews and their packs. */
export function GovernancePage({ me }: { me: Actor }) {
  const { data, error } = useLoad(() => getJson<{ items: Decision[] }>('/v1/governance/decisions'), []);
  return (
    <div className="page">
      <h1>Governance</h1>
      <p className="muted">Accepted risks and exceptions with their validity; then the tenant's reviews.</p>
      <Problem error={error} />
      {data &&
        (data.items.length === 0 ? (
          <p className="muted">No governance decisions.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Decision</th>
                <th scope="col">Kind</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.id}>
                  <td>{item.title}</td>
                  <td>{item.kind.replace(/_/g, ' ')}</td>
                  <td>{item.severity}</td>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>
                    <time dateTime={item.expires_at}>{new Date(item.expires_at).toLocaleDateString()}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <GovernanceReviews me={me} />
    </div>
  );
}
