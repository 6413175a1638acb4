import { useState, type FormEvent } from 'react';
import { post } from '../api';
import { formatDate } from '../levels';
import { Link, navigate } from '../router';
import type { AlertView, DryRun } from './alert-types';
import { can, useOperator } from './session';

type Say = (ok: boolean, text: string) => void;

/**
 * What can be done with an alert before it is published: the approver approves (confirming first when
 * it reaches more people than the two-person threshold) or rejects with a reason; the author edits,
 * submits again or withdraws. After publication: draft an Update or a Cancel.
 */
export function AlertActions({ a, dry, reload }: { a: AlertView; dry: DryRun | null; reload: () => void }) {
  const op = useOperator();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const say: Say = (ok, text) => setMessage({ ok, text });
  const mine = a.createdBy !== null && a.createdBy === op.id;
  const act = async (work: () => Promise<string>) => {
    setMessage(null);
    try { say(true, await work()); reload(); } catch (e) { say(false, (e as Error).message); }
  };
  return (
    <section className="card" aria-labelledby="actions-title">
      <h2 id="actions-title">Actions</h2>
      {a.state === 'draft' && a.rejection && (
        <p className="notice" role="status" data-testid="rejection">Returned {a.rejection.by ? `by ${a.rejection.by} ` : ''}on {formatDate(a.rejection.at)}: <q>{a.rejection.reason}</q></p>
      )}
      {a.state === 'pending_approval' && can(op, 'approver') && !mine && <Approve a={a} dry={dry} act={act} />}
      {a.state === 'pending_approval' && mine && <p className="muted">You wrote this alert: a different operator must approve it.</p>}
      {a.state === 'pending_approval' && !mine && !can(op, 'approver') && <p className="muted">Waiting for an approver.</p>}
      {a.state === 'draft' && can(op, 'editor') && (
        <p>{a.msgType !== 'Cancel' && <Link href={`/console/alerts/${a.id}/edit`} className="button-link">Edit the draft</Link>}{' '}
          <button type="button" onClick={() => act(async () => { await post(`/api/alerts/${a.id}/submit`); return 'Submitted for approval.'; })}>Submit for approval</button></p>
      )}
      {(a.state === 'draft' || a.state === 'pending_approval') && mine && <Withdraw a={a} act={act} />}
      {a.state === 'published' && a.msgType !== 'Cancel' && can(op, 'editor') && <Replace a={a} say={say} />}
      {a.state === 'withdrawn' && <p className="muted">Withdrawn by its author{a.withdrawnAt ? ` on ${formatDate(a.withdrawnAt)}` : ''}.</p>}
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
    </section>
  );
}

function Approve({ a, dry, act }: { a: AlertView; dry: DryRun | null; act: (work: () => Promise<string>) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const publish = () => act(async () => {
    const result = await post<{ deliveries: number }>(`/api/alerts/${a.id}/publish`);
    return `Published: ${result.deliveries} messages queued.`;
  });
  const reject = (e: FormEvent) => { e.preventDefault(); void act(async () => { await post(`/api/alerts/${a.id}/reject`, { reason }); return 'Sent back to the author as a draft.'; }); };
  // Over the two-person threshold a send is confirmed with the count in front of the approver.
  const overThreshold = dry?.needsSecondApprover ?? false;
  return (
    <>
      {/* Disabled until the reach is known, so a send over the threshold can never skip the confirmation. */}
      {!confirming && <button type="button" disabled={!dry} onClick={() => (overThreshold ? setConfirming(true) : void publish())}>Approve and publish</button>}
      {confirming && dry && (
        <div className="confirm" role="group" aria-labelledby="confirm-title">
          <p id="confirm-title"><strong>Send to {dry.people.toLocaleString('en')} people now?</strong> This is over the two-person threshold: {dry.deliveries.toLocaleString('en')} messages will be queued at once.</p>
          <button type="button" onClick={publish}>Confirm and send</button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>Back</button>
        </div>
      )}
      <form onSubmit={reject} className="reject-form">
        <label>Reason for sending it back <textarea rows={2} required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} /></label>
        <button type="submit" className="secondary" disabled={!reason.trim()}>Reject</button>
      </form>
    </>
  );
}

function Withdraw({ a, act }: { a: AlertView; act: (work: () => Promise<string>) => Promise<void> }) {
  return (
    <p><button type="button" className="secondary" onClick={() => act(async () => { await post(`/api/alerts/${a.id}/withdraw`, {}); return 'Withdrawn.'; })}>Withdraw</button>
      <span className="muted small"> Takes it out of the approval queue; it stays on record.</span></p>
  );
}

/** An Update goes through the composer; a Cancel is drafted from the original and submitted in one step. */
function Replace({ a, say }: { a: AlertView; say: Say }) {
  const [confirm, setConfirm] = useState(false);
  const cancel = async () => {
    try {
      const draft = await post<AlertView>(`/api/alerts/${a.id}/cancel`, {});
      await post(`/api/alerts/${draft.id}/submit`);
      navigate(`/console/alerts/${draft.id}`);
    } catch (e) { say(false, (e as Error).message); }
  };
  return (
    <p>
      <Link href={`/console/alerts/${a.id}/update`} className="button-link">Send an update</Link>{' '}
      {!confirm ? <button type="button" className="secondary" onClick={() => setConfirm(true)}>Cancel this alert</button>
        : <><button type="button" onClick={cancel}>Submit the cancel for approval</button> <button type="button" className="link" onClick={() => setConfirm(false)}>Keep it</button></>}
    </p>
  );
}
