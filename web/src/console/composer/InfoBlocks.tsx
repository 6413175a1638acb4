import { useState, type Dispatch } from 'react';
import { post } from '../../api';
import { languages, rightToLeftLanguages, type Language } from '../../../../src/vocabulary';
import { useFetch } from '../../useFetch';
import { languageNames, type AlertTemplate } from '../alert-types';
import type { ComposerAction, ComposerState } from './composer-state';

/** One CAP info block per language, shown one at a time (a tab per language), and the templates of the alert's kind. */
export function InfoBlocks({ s, dispatch }: { s: ComposerState; dispatch: Dispatch<ComposerAction> }) {
  const info = s.infos[s.active] ?? s.infos[0]!;
  const dir = rightToLeftLanguages.includes(info.language) ? 'rtl' : 'ltr';
  const [adding, setAdding] = useState<Language | ''>('');
  // Bumped after saving a template, so the picker lists it.
  const [saved, setSaved] = useState(0);
  const missing = languages.filter((l) => !s.infos.some((i) => i.language === l));
  const field = (name: 'event' | 'headline' | 'description' | 'instruction', label: string, rows?: number) => {
    const props = { required: true, dir, lang: info.language, value: info[name], onChange: (e: { target: { value: string } }) => dispatch({ type: 'info', field: name, value: e.target.value }) };
    return <label>{label} {rows ? <textarea rows={rows} {...props} /> : <input maxLength={name === 'headline' ? 160 : 200} {...props} />}</label>;
  };
  return (
    <fieldset className="card">
      <legend>Message</legend>
      <TemplatePicker key={saved} kind={s.kind} onPick={(template) => dispatch({ type: 'template', template })} />
      <div role="tablist" aria-label="Languages" className="tabs">
        {s.infos.map((i, index) => (
          <button key={i.language} type="button" role="tab" aria-selected={index === s.active} className={index === s.active ? '' : 'secondary'}
            onClick={() => dispatch({ type: 'set', field: 'active', value: index })}>{languageNames[i.language]}</button>
        ))}
      </div>
      <div role="tabpanel" aria-label={`${languageNames[info.language]} text`}>
        {field('event', 'Event')}
        {field('headline', 'Headline')}
        {field('description', 'What happened', 3)}
        {field('instruction', 'What to do (one action per line)', 3)}
        {s.infos.length > 1 && <button type="button" className="link" onClick={() => dispatch({ type: 'removeLanguage', index: s.active })}>Remove the {languageNames[info.language]} text</button>}
      </div>
      <div className="inline-form">
        <label>Add a language <select value={adding} onChange={(e) => setAdding(e.target.value as Language)}>
          <option value="">Choose…</option>{missing.map((l) => <option key={l} value={l}>{languageNames[l]}</option>)}</select></label>
        <button type="button" className="secondary" disabled={!adding} onClick={() => { if (adding) dispatch({ type: 'addLanguage', language: adding }); setAdding(''); }}>Add</button>
      </div>
      <SaveTemplate s={s} onSaved={() => setSaved(saved + 1)} />
    </fieldset>
  );
}

function TemplatePicker({ kind, onPick }: { kind: string; onPick: (t: AlertTemplate) => void }) {
  const templates = useFetch<{ items: AlertTemplate[] }>(`/api/alert-templates?kind=${kind}`);
  const items = templates.data?.items ?? [];
  if (!items.length) return <p className="muted small">No templates for this kind.</p>;
  return (
    <label>Start from a template
      <select value="" onChange={(e) => { const t = items.find((i) => i.id === e.target.value); if (t) onPick(t); }}>
        <option value="">Choose…</option>
        {items.map((t) => <option key={t.id} value={t.id}>{t.name} ({t.infos.map((i) => i.language).join(', ')})</option>)}
      </select>
    </label>
  );
}

/** Saves the texts of every language, with the kind and the CAP urgency, severity and certainty, as a template of this kind. */
function SaveTemplate({ s, onSaved }: { s: ComposerState; onSaved: () => void }) {
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const save = async () => {
    setMessage(null);
    try {
      await post('/api/alert-templates', { kind: s.kind, name, urgency: s.urgency, severity: s.severity, certainty: s.certainty, infos: s.infos });
      setMessage({ ok: true, text: `Saved as the template “${name}”.` });
      setName('');
      onSaved();
    } catch (e) { setMessage({ ok: false, text: (e as Error).message }); }
  };
  return (
    <div className="inline-form">
      <label>Save these texts as a template named <input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} /></label>
      <button type="button" className="secondary" disabled={!name.trim()} onClick={save}>Save template</button>
      {message && <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>{message.text}</p>}
    </div>
  );
}
