import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { endonym } from '../../../src/i18n/languages';
import { languages } from '../../../src/vocabulary';
import { post } from '../api';
import { currentLanguage } from '../i18n';
import { Link } from '../router';
import { emptyTrip, tripOf, TripFields, type TripState } from './TripFields';

/**
 * Enrol myself (mobile first): name, e-mail, optional phone, language, one trip, consent.
 * The server stores the enrolment unconfirmed and e-mails a link; alerts start once it is opened.
 */
export default function Enrol() {
  const { t } = useTranslation();
  const [trip, setTrip] = useState<TripState>(emptyTrip);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const draft = tripOf(trip);
    if (!draft) { setResult({ ok: false, text: t('enrol.chooseCity') }); return; }
    const contacts = [{ channel: 'email', address: text('email') }];
    if (text('phone')) contacts.push({ channel: 'sms', address: text('phone') });
    setBusy(true);
    setResult(null);
    try {
      await post('/api/public/enrol', {
        fullName: text('fullName'), language: text('language') || 'en', consent: form.get('consent') === 'on', contacts, trips: [draft],
      });
      setResult({ ok: true, text: t('enrol.sent') });
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); } finally { setBusy(false); }
  };
  return (
    <div className="me">
      <h1>{t('enrol.title')}</h1>
      <p className="lede">{t('enrol.lede')}</p>
      <form className="card" onSubmit={submit} aria-labelledby="enrol-title">
        <h2 id="enrol-title">{t('enrol.about')}</h2>
        <label>{t('enrol.fullName')} <input name="fullName" autoComplete="name" required maxLength={200} /></label>
        <label>{t('enrol.email')} <input name="email" type="email" dir="ltr" autoComplete="email" required /></label>
        <label>{t('enrol.phone')} <input name="phone" type="tel" dir="ltr" autoComplete="tel" inputMode="tel" /></label>
        <label>{t('enrol.language')}
          <select name="language" defaultValue={currentLanguage()}>
            {languages.map((code) => <option key={code} value={code} lang={code}>{endonym(code)}</option>)}
          </select>
        </label>
        <TripFields value={trip} onChange={setTrip} />
        <label className="check"><input name="consent" type="checkbox" required /> {t('enrol.consent')}</label>
        {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
        <button type="submit" disabled={busy}>{busy ? t('enrol.sending') : t('enrol.button')}</button>
      </form>
      <p className="muted small">{t('enrol.already')} <Link href="/me">{t('enrol.signIn')}</Link> {t('enrol.alreadyAfter')}</p>
    </div>
  );
}
