import { useTranslation } from 'react-i18next';
import type { ApiResponse } from '../api';
import { useFetch } from '../useFetch';

type MyCrisis = ApiResponse<'/api/me/crises'>['items'][number];

/** The crises I am part of: the latest instruction and my status across all their messages; the emergency phone after "need help". */
export function MyCrises() {
  const { t } = useTranslation();
  const crises = useFetch<{ items: MyCrisis[] }>('/api/me/crises');
  if (!crises.data?.items.length) return null;
  return (
    <section className="card" aria-labelledby="my-crises">
      <h2 id="my-crises">{t('me.crisisTitle')}</h2>
      <ul className="plain stack">
        {crises.data.items.map((c) => (
          <li key={c.id} data-testid="my-crisis">
            <strong>{c.name}</strong>{c.state === 'closed' ? t('me.crisisOver') : ''}
            <p><strong>{c.headline}</strong></p>
            <ul>{c.instruction.split('\n').filter((l) => l.trim()).map((l, i) => <li key={i}>{l}</li>)}</ul>
            <p>{t('me.crisisStatus')} <strong data-testid="my-crisis-status">{c.status ? t(`checkin.${c.status}`, { defaultValue: c.status }) : t('me.noAnswerYet')}</strong></p>
            {(c.helpOpen || c.status === 'need_help') && c.emergencyPhone && (
              <p role="alert" className="error">{t('me.dangerCall')} <a dir="ltr" href={`tel:${c.emergencyPhone.replace(/[^+0-9]/g, '')}`}>{c.emergencyPhone}</a>.</p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
