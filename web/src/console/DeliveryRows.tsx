import { useState } from 'react';
import { channels, deliveryStates, type ChannelName } from '../../../src/vocabulary';
import { formatDate } from '../levels';
import { useFetch } from '../useFetch';
import { channelLabels } from './alert-types';

interface Delivery { id: string; travellerId: string; channel: ChannelName; address: string; state: string; attempts: number; lastError: string | null; nextAttemptAt: string; sentAt: string | null }
const pageSize = 25;

/** One row per recipient and channel, keyset-paged, filtered by state and channel, with the last error. Editors and up (addresses). */
export function DeliveryRows({ alertId }: { alertId: string }) {
  const [state, setState] = useState('');
  const [channel, setChannel] = useState('');
  // Keyset pages: the cursors of the pages seen so far, so "Previous" goes back without offsets.
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors[cursors.length - 1];
  const query = new URLSearchParams({ limit: String(pageSize), ...(state ? { state } : {}), ...(channel ? { channel } : {}), ...(after ? { after } : {}) });
  const rows = useFetch<{ items: Delivery[]; next: string | null }>(`/api/alerts/${alertId}/deliveries?${query}`, 5000);
  const filter = (set: (v: string) => void) => (e: { target: { value: string } }) => { set(e.target.value); setCursors([]); };
  return (
    <section className="card" aria-labelledby="deliveries-title">
      <h2 id="deliveries-title">Deliveries</h2>
      <div className="filters">
        <label>State <select value={state} onChange={filter(setState)}><option value="">any</option>{deliveryStates.map((s) => <option key={s}>{s}</option>)}</select></label>
        <label>Channel <select value={channel} onChange={filter(setChannel)}><option value="">any</option>{channels.map((c) => <option key={c} value={c}>{channelLabels[c]}</option>)}</select></label>
      </div>
      {rows.error && <p role="alert" className="error">{rows.error.message}</p>}
      <div className="table-scroll">
        <table className="table" data-testid="delivery-rows">
          <caption className="sr-only">Deliveries, page {cursors.length + 1}</caption>
          <thead><tr><th scope="col">Channel</th><th scope="col">Address</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Sent / next try</th><th scope="col">Last error</th></tr></thead>
          <tbody>
            {(rows.data?.items ?? []).map((d) => (
              <tr key={d.id}>
                <td>{channelLabels[d.channel] ?? d.channel}</td><td>{d.address}</td><td>{d.state}</td><td>{d.attempts}</td>
                <td>{d.sentAt ? formatDate(d.sentAt) : d.state === 'queued' ? formatDate(d.nextAttemptAt) : '—'}</td><td className="break">{d.lastError ?? ''}</td>
              </tr>
            ))}
            {rows.data && !rows.data.items.length && <tr><td colSpan={6} className="muted">No deliveries match.</td></tr>}
          </tbody>
        </table>
      </div>
      <div className="inline-form">
        <button type="button" className="secondary" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>Previous page</button>
        <button type="button" className="secondary" disabled={!rows.data?.next} onClick={() => rows.data?.next && setCursors([...cursors, rows.data.next])}>Next page</button>
      </div>
    </section>
  );
}
