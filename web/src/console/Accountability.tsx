import { useEffect, useState, type FormEvent } from 'react';
import type { ApiResponse } from '../api';
import { useFetch } from '../useFetch';
import { can, useOperator } from './session';

/** Viewers get counts under 5 as "<5" (small-cell suppression on the server). Generated from the OpenAPI document. */
export type Board = ApiResponse<'/api/alerts/{id}/accountability'>;
export type BoardPerson = NonNullable<Board['people']>[number];
export type BoardStatus = BoardPerson['status'];
interface Filters { city: string; organisation: string; channel: string }

export const boardLabels: Record<BoardStatus, string> = {
  safe: 'Safe', departed: 'Departed', need_help: 'Need help', no_answer: 'No answer', unreachable: 'Not reachable',
};
const order: BoardStatus[] = ['need_help', 'unreachable', 'no_answer', 'departed', 'safe'];
const channelNames: Record<string, string> = { email: 'e-mail', sms: 'SMS', webhook: 'webhook', webpush: 'web push', link: 'link' };

function queryOf(f: Filters): string {
  const q = new URLSearchParams();
  if (f.city.trim()) q.set('city', f.city.trim());
  if (f.organisation.trim()) q.set('organisation', f.organisation.trim());
  if (f.channel) q.set('channel', f.channel);
  return q.toString();
}

/** Counts over Server-Sent Events (the server pushes a new board whenever an answer or a delivery changes it). */
function useBoardStream(alertId: string, query: string): { board: Board | null; live: boolean } {
  const [board, setBoard] = useState<Board | null>(null);
  const [live, setLive] = useState(false);
  useEffect(() => {
    setBoard(null);
    const source = new EventSource(`/api/alerts/${alertId}/accountability/stream${query ? `?${query}` : ''}`);
    const onBoard = (event: MessageEvent<string>) => { setBoard(JSON.parse(event.data) as Board); setLive(true); };
    source.addEventListener('board', onBoard);
    source.onerror = () => setLive(false);
    return () => { source.removeEventListener('board', onBoard); source.close(); };
  }, [alertId, query]);
  return { board, live };
}

/** The accountability board of a published alert: live counts for everyone, the people (and CSV) for editors. */
export function AccountabilityBoard({ alertId }: { alertId: string }) {
  const op = useOperator();
  const personal = can(op, 'editor');
  const [filters, setFilters] = useState<Filters>({ city: '', organisation: '', channel: '' });
  const query = queryOf(filters);
  const { board, live } = useBoardStream(alertId, query);
  // The people list is re-read whenever the live counts change.
  const version = board ? JSON.stringify(board.counts) : '';
  const [shownVersion, setShownVersion] = useState('');
  const people = useFetch<Board>(personal ? `/api/alerts/${alertId}/accountability?limit=200${query ? `&${query}` : ''}` : null);
  const reloadPeople = people.reload;
  useEffect(() => {
    if (version && version !== shownVersion) { setShownVersion(version); if (shownVersion) reloadPeople(); }
  }, [version, shownVersion, reloadPeople]);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilters({ city: String(form.get('city') ?? ''), organisation: String(form.get('organisation') ?? ''), channel: String(form.get('channel') ?? '') });
  };
  const rounds = Object.entries(board?.byRound ?? {}).sort(([a], [b]) => Number(a) - Number(b));
  return (
    <section className="card accountability" aria-labelledby="board-title" data-testid="board">
      <h2 id="board-title">Accountability {live ? <span className="live-dot">live</span> : <span className="muted small">(connecting…)</span>}</h2>
      <ul className="board-counts" aria-label="People by status" aria-live="polite">
        {(['safe', 'departed', 'need_help', 'no_answer', 'unreachable'] as const).map((s) => (
          <li key={s} className={`board-count status-${s}`}>
            <span className="big-number" data-testid={`board-${s}`}>{board ? board.counts[s] : '…'}</span> {boardLabels[s]}
          </li>
        ))}
      </ul>
      {board && <p className="muted small" data-testid="board-total">{board.total} people{rounds.length > 1 ? ` · by escalation round: ${rounds.map(([r, n]) => `round ${r}: ${n}`).join(', ')}` : ''}</p>}
      <form className="filters" onSubmit={apply} aria-label="Filter the board">
        <label>City <input name="city" defaultValue={filters.city} placeholder="Baghdad" /></label>
        <label>Organisation <input name="organisation" defaultValue={filters.organisation} /></label>
        <label>Channel
          <select name="channel" defaultValue={filters.channel}>
            <option value="">Any</option><option value="email">E-mail</option><option value="sms">SMS</option><option value="webhook">Webhook</option><option value="webpush">Web push</option>
          </select>
        </label>
        <button type="submit" className="secondary">Filter</button>
        {personal && <a className="button-link" href={`/api/alerts/${alertId}/accountability?format=csv${query ? `&${query}` : ''}`} download>Export CSV</a>}
      </form>
      {personal && people.error && <p role="alert" className="error">{people.error.message}</p>}
      {personal && people.data?.people && (
        <div className="table-wrap" role="region" aria-label="People and their answers" tabIndex={0}>
          <table className="table" data-testid="board-people">
            <caption className="sr-only">People and their answers</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">City</th><th scope="col">Organisation</th><th scope="col">Channels</th><th scope="col">Round</th><th scope="col">Answer</th></tr></thead>
            <tbody>
              {[...people.data.people].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status)).map((p) => (
                <tr key={p.travellerId}>
                  <th scope="row">{p.name}</th>
                  <td><span className={`pill status-${p.status}`}>{boardLabels[p.status]}</span></td>
                  <td>{p.city ?? '—'}</td>
                  <td>{p.organisation ?? '—'}</td>
                  <td>{p.channels.map((c) => channelNames[c] ?? c).join(', ') || '—'}</td>
                  <td>{p.round}</td>
                  <td>{p.answeredAt ? `${new Date(p.answeredAt).toISOString().slice(0, 16).replace('T', ' ')} UTC by ${channelNames[p.answeredBy ?? ''] ?? p.answeredBy}` : '—'}
                    {p.message ? <><br /><q>{p.message}</q></> : null}{p.place ? <><br />{p.place}</> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {people.data.nextOffset != null && <p className="muted small">The first {people.data.people.length} people are shown; the CSV lists everyone.</p>}
        </div>
      )}
      {!personal && <p className="muted small">Editors and above see who is behind each number.</p>}
    </section>
  );
}
