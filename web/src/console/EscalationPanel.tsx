import { useEffect, useState, type FormEvent } from 'react';
import { post, put } from '../api';
import { useFetch } from '../useFetch';
import { can, useOperator } from './session';

interface Policy { afterMinutes: number; maxRounds: number; isDefault?: boolean }

/** The alert's escalation policy (after N minutes without an answer, the next channel; up to M rounds) and "escalate now". */
export function EscalationPanel({ alertId }: { alertId: string }) {
  const op = useOperator();
  const policy = useFetch<Policy>(`/api/alerts/${alertId}/escalation`);
  const [after, setAfter] = useState('');
  const [rounds, setRounds] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => { if (policy.data) { setAfter(String(policy.data.afterMinutes)); setRounds(String(policy.data.maxRounds)); } }, [policy.data]);
  const act = async (work: () => Promise<string>) => {
    setMessage(null);
    try { setMessage({ ok: true, text: await work() }); policy.reload(); } catch (e) { setMessage({ ok: false, text: (e as Error).message }); }
  };
  const save = (e: FormEvent) => { e.preventDefault(); void act(async () => { await put(`/api/alerts/${alertId}/escalation`, { afterMinutes: Number(after), maxRounds: Number(rounds) }); return 'Escalation policy saved.'; }); };
  const now = () => act(async () => { const r = await post<{ queued: number }>(`/api/alerts/${alertId}/escalate`); return `Escalated now: ${r.queued} reminder${r.queued === 1 ? '' : 's'} queued.`; });
  const editor = can(op, 'editor');
  return (
    <section className="card" aria-labelledby="escalation-title">
      <h2 id="escalation-title">Escalation</h2>
      {policy.data && <p className="muted">{policy.data.isDefault ? 'Default policy: ' : ''}after {policy.data.afterMinutes} minutes without an answer, the next channel; {policy.data.maxRounds} rounds in all.</p>}
      {editor && (
        <form onSubmit={save} className="inline-form">
          <label>Minutes before the next round <input type="number" min={0.1} step="any" required value={after} onChange={(e) => setAfter(e.target.value)} /></label>
          <label>Rounds in all <input type="number" min={1} max={10} required value={rounds} onChange={(e) => setRounds(e.target.value)} /></label>
          <button type="submit" className="secondary">Save policy</button>
          <button type="button" onClick={now}>Escalate now</button>
        </form>
      )}
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
    </section>
  );
}
