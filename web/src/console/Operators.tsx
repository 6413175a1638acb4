import { useState } from 'react';
import { api, del } from '../api';
import { useFetch } from '../useFetch';
import { roleRank, useOperator } from './session';

interface OperatorRow { id: string; email: string; name: string; role: keyof typeof roleRank; disabled: boolean }
const roleNames = Object.keys(roleRank) as OperatorRow['role'][];

/** Admins: every operator with their role; change a role, end their sessions, disable or re-enable (all audited). */
export function Operators() {
  const me = useOperator();
  const list = useFetch<{ items: OperatorRow[] }>('/api/operators');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const act = async (what: string, call: () => Promise<unknown>) => {
    try { await call(); setResult({ ok: true, text: what }); } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
    list.reload();
  };
  return (
    <>
      <h1>Operators</h1>
      <p className="muted">Disabling an operator ends their sessions and revokes their API tokens at once. A role change ends their sessions. Every change is in the audit log.</p>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      {result && <p role="status" className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <div className="table-wrap">
        <table className="table operator-table">
          <thead><tr><th scope="col">Operator</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {(list.data?.items ?? []).map((o) => {
              const self = o.email === me.label;
              return (
                <tr key={o.id} data-testid={`operator-${o.email}`}>
                  <td>{o.name}<br /><span className="muted">{o.email}</span></td>
                  <td>
                    <select aria-label={`Role of ${o.email}`} value={o.role} disabled={self || o.disabled}
                      onChange={(e) => void act(`${o.email} is now ${e.target.value}; their sessions ended.`, () => api('PATCH', `/api/operators/${o.id}`, { role: e.target.value }))}>
                      {roleNames.map((r) => <option key={r} value={r}>{r}</option>)}
                    </select>
                  </td>
                  <td>{o.disabled ? 'disabled' : 'active'}</td>
                  <td className="actions">
                    {!self && !o.disabled && <button type="button" className="link" onClick={() => void act(`${o.email}: sessions ended.`, () => del(`/api/operators/${o.id}/sessions`))}>End sessions</button>}
                    {!self && !o.disabled && <> · <button type="button" className="link" onClick={() => void act(`${o.email} disabled: sessions ended, tokens revoked.`, () => del(`/api/operators/${o.id}`))}>Disable</button></>}
                    {!self && o.disabled && <button type="button" className="link" onClick={() => void act(`${o.email} enabled again.`, () => api('PATCH', `/api/operators/${o.id}`, { disabled: false }))}>Enable</button>}
                    {self && <span className="muted">you</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
