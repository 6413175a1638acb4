import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { get, post, type Advisory, type AdvisoryException } from '../api';
import { formatDate, indicatorNames, levelColours, levelLabels } from '../levels';
import { navigate } from '../router';
import { useFetch } from '../useFetch';
import { Diff } from './Diff';
import { can, useOperator } from './session';

interface Draft { level: number; indicators: string[]; title: string; summary: string; body: string; exceptions: AdvisoryException[] }
const empty: Draft = { level: 1, indicators: [], title: '', summary: '', body: '', exceptions: [] };

function toDraft(a: Advisory): Draft {
  return { level: a.level, indicators: [...a.indicators], title: a.title, summary: a.summary, body: a.body, exceptions: a.exceptions.map((e) => ({ ...e })) };
}

function describeExceptions(list: AdvisoryException[]): string {
  return list.map((e) => `Level ${e.level} ${e.subdivisionCode ?? 'area'}: ${e.note}`).join('\n');
}

export function AdvisoryEditor({ initial }: { initial?: string }) {
  const op = useOperator();
  const countries = useFetch<{ items: { code: string; name: string }[] }>('/api/geo/countries');
  const [cc, setCc] = useState(initial ?? '');
  const versions = useFetch<{ items: Advisory[] }>(cc ? `/api/advisories/${cc}/versions` : null);
  const subdivisions = useFetch<{ items: { code: string; name: string }[] }>(cc ? `/api/geo/countries/${cc}/subdivisions` : null);
  const published = versions.data?.items.find((v) => v.state === 'published') ?? null;
  const pending = versions.data?.items.filter((v) => v.state === 'pending_approval' || v.state === 'draft') ?? [];
  const [draft, setDraft] = useState<Draft>(empty);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => { setDraft(published ? toDraft(published) : empty); setMessage(null); }, [published?.id, cc]);

  const choose = (code: string) => { setCc(code); navigate(code ? `/console/advisories/${code.toLowerCase()}` : '/console/advisories'); };
  const run = async (label: string, action: () => Promise<unknown>) => {
    setMessage(null);
    try { await action(); setMessage({ ok: true, text: label }); versions.reload(); } catch (e) { setMessage({ ok: false, text: (e as Error).message }); }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    void run('Draft saved and submitted for approval.', async () => {
      const exceptions = draft.exceptions.map(({ subdivisionCode, ...rest }) => (subdivisionCode ? { ...rest, subdivisionCode } : rest));
      const created = await post<Advisory>(`/api/advisories/${cc}/drafts`, { ...draft, exceptions });
      await post(`/api/advisories/versions/${created.id}/submit`);
    });
  };
  const sorted = useMemo(() => [...(countries.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [countries.data]);
  const before = published ? toDraft(published) : empty;

  return (
    <>
      <h1>Advisories</h1>
      <label className="inline">Country{' '}
        <select value={cc} onChange={(e) => choose(e.target.value)}>
          <option value="">Choose a country…</option>
          {sorted.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
        </select>
      </label>
      {cc && (
        <div className="two-col">
          <form onSubmit={save} className="card" aria-labelledby="edit-title">
            <h2 id="edit-title">New version{published ? ` (published: v${published.version}, level ${published.level})` : ''}</h2>
            <fieldset className="levels">
              <legend>Level</legend>
              {[1, 2, 3, 4].map((l) => (
                <label key={l} className="radio">
                  <input type="radio" name="level" value={l} checked={draft.level === l} onChange={() => setDraft({ ...draft, level: l })} />
                  <span className="badge" style={{ background: levelColours[l] }}>{l}</span> {levelLabels[l]}
                </label>
              ))}
            </fieldset>
            <fieldset className="indicators-edit">
              <legend>Risk indicators</legend>
              {Object.entries(indicatorNames).map(([k, name]) => (
                <label key={k} className="check">
                  <input type="checkbox" checked={draft.indicators.includes(k)}
                    onChange={(e) => setDraft({ ...draft, indicators: e.target.checked ? [...draft.indicators, k].sort() : draft.indicators.filter((i) => i !== k) })} />
                  {k} — {name}
                </label>
              ))}
            </fieldset>
            <label>Title <input required value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} /></label>
            <label>Summary <textarea required rows={4} value={draft.summary} onChange={(e) => setDraft({ ...draft, summary: e.target.value })} /></label>
            <label>Body <textarea rows={6} value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} /></label>
            <fieldset>
              <legend>Regional exceptions</legend>
              {draft.exceptions.map((ex, i) => (
                <div key={i} className="exception-edit">
                  <label>Subdivision
                    <select value={ex.subdivisionCode ?? ''} onChange={(e) => setDraft({ ...draft, exceptions: draft.exceptions.map((x, j) => j === i ? { ...x, subdivisionCode: e.target.value } : x) })}>
                      <option value="">—</option>
                      {(subdivisions.data?.items ?? []).map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code})</option>)}
                    </select>
                  </label>
                  <label>Level
                    <select value={ex.level} onChange={(e) => setDraft({ ...draft, exceptions: draft.exceptions.map((x, j) => j === i ? { ...x, level: Number(e.target.value) } : x) })}>
                      {[1, 2, 3, 4].map((l) => <option key={l} value={l}>{l}</option>)}
                    </select>
                  </label>
                  <label>Note <input value={ex.note} onChange={(e) => setDraft({ ...draft, exceptions: draft.exceptions.map((x, j) => j === i ? { ...x, note: e.target.value } : x) })} /></label>
                  <button type="button" className="secondary" onClick={() => setDraft({ ...draft, exceptions: draft.exceptions.filter((_, j) => j !== i) })}>Remove</button>
                </div>
              ))}
              <button type="button" className="secondary" onClick={() => setDraft({ ...draft, exceptions: [...draft.exceptions, { level: 4, subdivisionCode: '', note: '' }] })}>Add exception</button>
            </fieldset>
            {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
            <button type="submit" disabled={!can(op, 'editor')}>Save and submit for approval</button>
            {!can(op, 'editor') && <p className="muted">Editing needs the editor role.</p>}
          </form>
          <div>
            <section className="card" aria-labelledby="diff-title">
              <h2 id="diff-title">Changes against the published version</h2>
              <dl className="diff" data-testid="advisory-diff">
                <Diff label="Level" before={published ? `${before.level} — ${levelLabels[before.level]}` : ''} after={`${draft.level} — ${levelLabels[draft.level]}`} />
                <Diff label="Indicators" before={before.indicators.join(' ')} after={draft.indicators.join(' ')} />
                <Diff label="Title" before={before.title} after={draft.title} />
                <Diff label="Summary" before={before.summary} after={draft.summary} />
                <Diff label="Body" before={before.body} after={draft.body} />
                <Diff label="Exceptions" before={describeExceptions(before.exceptions)} after={describeExceptions(draft.exceptions)} />
              </dl>
            </section>
            <section className="card" aria-labelledby="pending-title">
              <h2 id="pending-title">Awaiting approval</h2>
              {!pending.length && <p className="muted">Nothing pending.</p>}
              <ul className="plain">
                {pending.map((v) => (
                  <li key={v.id}>
                    v{v.version} · <span className="badge" style={{ background: levelColours[v.level] }}>Level {v.level}</span> · {v.state.replace('_', ' ')} · {formatDate(v.createdAt)}
                    <PendingDiff version={v} published={published} />
                    {v.state === 'draft' && can(op, 'editor') && <button type="button" onClick={() => run(`v${v.version} submitted.`, () => post(`/api/advisories/versions/${v.id}/submit`))}>Submit</button>}
                    {v.state === 'pending_approval' && can(op, 'approver') &&
                      <button type="button" onClick={() => run(`v${v.version} published.`, () => post(`/api/advisories/versions/${v.id}/publish`))}>Approve and publish v{v.version}</button>}
                  </li>
                ))}
              </ul>
            </section>
            <section className="card">
              <h2>Versions</h2>
              <ol className="plain">
                {(versions.data?.items ?? []).map((v) => <li key={v.id}>v{v.version} · level {v.level} · {v.state.replace('_', ' ')} · {formatDate(v.publishedAt ?? v.createdAt)}</li>)}
              </ol>
            </section>
          </div>
        </div>
      )}
    </>
  );
}

function PendingDiff({ version, published }: { version: Advisory; published: Advisory | null }) {
  const before = published ? toDraft(published) : empty;
  const after = toDraft(version);
  return (
    <details>
      <summary>Show changes</summary>
      <dl className="diff">
        <Diff label="Level" before={published ? String(before.level) : ''} after={String(after.level)} />
        <Diff label="Indicators" before={before.indicators.join(' ')} after={after.indicators.join(' ')} />
        <Diff label="Title" before={before.title} after={after.title} />
        <Diff label="Summary" before={before.summary} after={after.summary} />
        <Diff label="Body" before={before.body} after={after.body} />
      </dl>
    </details>
  );
}

export async function pendingAdvisories(codes: string[]): Promise<Advisory[]> {
  const all = await Promise.all(codes.map((c) => get<{ items: Advisory[] }>(`/api/advisories/${c}/versions`).then((r) => r.items, () => [])));
  return all.flat().filter((v) => v.state === 'pending_approval');
}
