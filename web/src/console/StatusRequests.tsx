import { useState } from 'react';
import { post as postJson } from '../api';
import { formatDate, postStatusLabels } from '../levels';
import type { Post } from '../api';
import type { StatusRequestState } from '../../../src/vocabulary';
import { can, useOperator } from './session';

export interface StatusRequest {
  id: string; slug: string; status: Post['status']; message: string; doNotApproach: boolean; departurePosture: Post['departurePosture'];
  since: string | null; state: StatusRequestState;
  requestedBy: string | null; requestedAt: string; decidedBy: string | null; decidedAt: string | null;
}

/** Suspending or closing a post waits for a second operator: the pending requests, with approve / reject for approvers. */
export function StatusRequests({ items, posts, onDecided }: { items: StatusRequest[]; posts: Post[]; onDecided: () => void }) {
  const op = useOperator();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const nameOf = (slug: string) => posts.find((p) => p.slug === slug)?.name ?? slug;
  const decide = async (r: StatusRequest, decision: 'approve' | 'reject') => {
    setResult(null);
    try {
      await postJson(`/api/posts/status-requests/${r.id}/${decision}`);
      setResult({ ok: true, text: `${decision === 'approve' ? 'Approved' : 'Rejected'}: ${nameOf(r.slug)} — ${postStatusLabels[r.status]}.` });
      onDecided();
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  return (
    <section className="card" aria-labelledby="status-requests">
      <h2 id="status-requests">Status changes awaiting a second operator</h2>
      {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      {!items.length && <p className="muted">None.</p>}
      <ul className="plain request-list">
        {items.map((r) => {
          const mine = r.requestedBy !== null && r.requestedBy === op.id;
          return (
            <li key={r.id} data-testid={`status-request-${r.slug}`}>
              <p><strong>{nameOf(r.slug)}</strong>: {postStatusLabels[r.status]}{r.doNotApproach ? ', do not approach' : ''}
                {r.departurePosture !== 'none' ? `, ${r.departurePosture} departure` : ''} <span className="muted">— asked {formatDate(r.requestedAt)}</span></p>
              {r.message && <p className="muted">“{r.message}”</p>}
              {can(op, 'approver') && !mine
                ? <p className="inline-form">
                    <button type="button" onClick={() => void decide(r, 'approve')} aria-label={`Approve: ${nameOf(r.slug)} ${postStatusLabels[r.status]}`}>Approve</button>
                    <button type="button" className="secondary" onClick={() => void decide(r, 'reject')} aria-label={`Reject: ${nameOf(r.slug)} ${postStatusLabels[r.status]}`}>Reject</button>
                  </p>
                : <p className="muted small">{mine ? 'You asked for this change: a different approver must decide.' : 'An approver must decide.'}</p>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
