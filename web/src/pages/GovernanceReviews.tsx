import { useState } from 'react';
import { StatusBadge } from '../components/Badges.tsx';
import { Person } from '../components/Person.tsx';
import { Problem } from '../components/Problem.tsx';
import { getJson, post } from '../lib/api.ts';
import { useLoad } from '../lib/hooks.ts';
import type { Actor } from '../lib/types.ts';

// not in the contract yet: getGovernanceReviews, postGovernanceReviewsIdPacks, getGovernancePacksIdLink
interface Review {
  id: string;
  status: 'draft' | 'released';
  tenant_name: string;
  generated_at: string;
  published_at: string | null;
  current_export_review_pack_id: string | null;
  created_by: string;
  released_by: string | null;
}
interface Pack {
  id: string;
  status: 'ready' | 'failed';
  sha256: string;
  size_bytes: number;
  expires_at: string;
}

/** governance.manage (governance/entitlement.ts): who creates, releases and exports reviews. */
const MANAGERS = ['admin', 'auditor'];

function ReviewRow({ review, manage, onChange }: { review: Review; manage: boolean; onChange: () => void }) {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [link, setLink] = useState<{ url: string; expires_at: string }>();
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      onChange();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const packId = review.current_export_review_pack_id;
  return (
    <li className="card">
      <p>
        <strong>Review of {review.tenant_name}</strong> <StatusBadge status={review.status} />{' '}
        <span className="muted">
          generated{' '}
          <time dateTime={review.generated_at}>{new Date(review.generated_at).toLocaleString()}</time> by{' '}
          <Person id={review.created_by} />
          {review.released_by && (
            <>
              , released by <Person id={review.released_by} />
            </>
          )}
        </span>
      </p>
      <p className="buttons">
        {manage && review.status === 'draft' && (
          <button
            type="button"
            className="primary"
            disabled={busy}
            onClick={() => void act(() => post(`/v1/governance/reviews/${review.id}/release`))}
          >
            Release
          </button>
        )}
        {manage && review.status === 'released' && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void act(() => post<Pack>(`/v1/governance/reviews/${review.id}/packs`))}
          >
            {packId ? 'Export a new review pack' : 'Export a review pack'}
          </button>
        )}
        {packId && !link && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void act(async () =>
                setLink(
                  await getJson<{ url: string; expires_at: string }>(`/v1/governance/packs/${packId}/link`),
                ),
              )
            }
          >
            Get the download link
          </button>
        )}
        {link && (
          <>
            <a href={link.url} download>
              Download the review pack (ZIP)
            </a>{' '}
            <span className="muted small">
              the link works until{' '}
              <time dateTime={link.expires_at}>{new Date(link.expires_at).toLocaleString()}</time>
            </span>
          </>
        )}
      </p>
      {review.status === 'draft' && !manage && (
        <p className="muted small">An admin or auditor releases it; then it can be exported.</p>
      )}
      <Problem error={error} />
    </li>
  );
}

/** Tenant reviews: create one (a snapshot of the evidence now), release it, export and download its pack. */
export function GovernanceReviews({ me }: { me: Actor }) {
  const { data, error, reload } = useLoad(() => getJson<{ items: Review[] }>('/v1/governance/reviews'), []);
  const [createError, setCreateError] = useState<unknown>();
  const manage = me.roles.some((role) => MANAGERS.includes(role));
  const create = async () => {
    setCreateError(undefined);
    try {
      await post('/v1/governance/reviews');
      await reload();
    } catch (caught) {
      setCreateError(caught);
    }
  };
  return (
    <section aria-labelledby="reviews-title">
      <h2 id="reviews-title">Reviews and review packs</h2>
      {manage && (
        <p>
          <button type="button" className="primary" onClick={() => void create()}>
            Create a review
          </button>
        </p>
      )}
      <Problem error={createError ?? error} />
      {data &&
        (data.items.length === 0 ? (
          <p className="empty">
            No reviews yet.{' '}
            {manage
              ? 'Create one: it snapshots the evidence now; release it, then export a pack to hand to auditors.'
              : 'An admin or auditor creates one; released reviews and their packs then show here.'}
          </p>
        ) : (
          <ul className="cards">
            {data.items.map((review) => (
              <ReviewRow key={review.id} review={review} manage={manage} onChange={() => void reload()} />
            ))}
          </ul>
        ))}
    </section>
  );
}
