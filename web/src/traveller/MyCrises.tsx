import type { ApiResponse } from '../api';
import { useFetch } from '../useFetch';

type MyCrisis = ApiResponse<'/api/me/crises'>['items'][number];
const statusLabels: Record<string, string> = { safe: 'I am safe', need_help: 'I need help', departed: 'I have left the area' };

/** The crises I am part of: the latest instruction and my status across all their messages; the emergency phone after "need help". */
export function MyCrises() {
  const crises = useFetch<{ items: MyCrisis[] }>('/api/me/crises');
  if (!crises.data?.items.length) return null;
  return (
    <section className="card" aria-labelledby="my-crises">
      <h2 id="my-crises">Crisis: what to do now</h2>
      <ul className="plain stack">
        {crises.data.items.map((c) => (
          <li key={c.id} data-testid="my-crisis">
            <strong>{c.name}</strong>{c.state === 'closed' ? ' (over)' : ''}
            <p><strong>{c.headline}</strong></p>
            <ul>{c.instruction.split('\n').filter((l) => l.trim()).map((l, i) => <li key={i}>{l}</li>)}</ul>
            <p>My status in this crisis: <strong data-testid="my-crisis-status">{c.status ? statusLabels[c.status] ?? c.status : 'no answer yet'}</strong></p>
            {(c.helpOpen || c.status === 'need_help') && c.emergencyPhone && (
              <p role="alert" className="error">If you are in danger, call <a href={`tel:${c.emergencyPhone.replace(/[^+0-9]/g, '')}`}>{c.emergencyPhone}</a>.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
