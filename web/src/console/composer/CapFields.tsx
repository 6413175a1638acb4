import type { Dispatch } from 'react';
import { alertKinds } from '../../../../src/vocabulary';
import { kindLabels } from '../alert-types';
import { certainties, severities, urgencies, type ComposerAction, type ComposerState, type Scalar } from './composer-state';

/** Links of an alert without expiry work until effective + 7 days (src/checkins/answers.ts linkExpirySql). */
const linkDays = 7;
const linksExpired = (s: ComposerState) => s.asksCheckin && !s.expires && !!s.effective && Date.parse(`${s.effective}:00Z`) + linkDays * 86_400_000 < Date.now();

/** Kind, sender, the CAP info fields shared by every language, and the time window (which the count uses). */
export function CapFields({ s, dispatch }: { s: ComposerState; dispatch: Dispatch<ComposerAction> }) {
  const set = (field: Scalar) => (e: { target: { value: string } }) => dispatch({ type: 'set', field, value: e.target.value });
  const choice = (label: string, field: 'urgency' | 'severity' | 'certainty', values: readonly string[]) => (
    <label>{label} <select value={s[field]} onChange={set(field)}>{values.map((v) => <option key={v}>{v}</option>)}</select></label>
  );
  return (
    <fieldset className="card">
      <legend>Alert</legend>
      <div className="field-grid">
        <label>Kind <select value={s.kind} onChange={set('kind')}>{alertKinds.map((k) => <option key={k} value={k}>{kindLabels[k]}</option>)}</select></label>
        <label>Sender <input required value={s.sender} onChange={set('sender')} /></label>
        {choice('Urgency', 'urgency', urgencies)}
        {choice('Severity', 'severity', severities)}
        {choice('Certainty', 'certainty', certainties)}
        <label>Contact <input value={s.contact} onChange={set('contact')} placeholder="+964 760 030 4888" /></label>
        <label>From (UTC) <input type="datetime-local" value={s.effective} onChange={set('effective')} aria-describedby="window-help" /></label>
        <label>Until (UTC) <input type="datetime-local" value={s.expires} onChange={set('expires')} aria-describedby="window-help" /></label>
        <label>Onset (UTC) <input type="datetime-local" value={s.onset} onChange={set('onset')} /></label>
      </div>
      <p id="window-help" className="muted small">The alert reaches everyone whose stay overlaps this window (empty “From” = now, empty “Until” = open).</p>
      {linksExpired(s) && <p role="alert" className="error" data-testid="window-warning">Without “Until”, check-in links work for 7 days after “From”: these check-in links will already have expired. Set “Until”.</p>}
      <label className="check"><input type="checkbox" checked={s.asksCheckin} onChange={(e) => dispatch({ type: 'set', field: 'asksCheckin', value: e.target.checked })} /> Ask recipients to check in</label>
    </fieldset>
  );
}
