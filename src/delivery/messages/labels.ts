/**
 * The fixed words of every message, per language. The alert's own content (headline,
 * event, actions) arrives already written in the recipient's language — one CAP info block
 * per language — so only these labels need translating here.
 */
import type { AlertKind, MessageLanguage } from '../../vocabulary.js';

export interface Labels {
  kinds: Record<AlertKind, string>;
  location: string;
  effective: string;
  expires: string;
  event: string;
  actions: string;
  assistance: string;
  phone: string;
  email: string;
  website: string;
  address: string;
  /** Invitation above the check-in link in e-mail and long forms. */
  checkinInvitation: string;
  /** Text of the check-in button. */
  checkinButton: string;
  /** Label before the link in the SMS short form; kept short on purpose. */
  checkinShort: string;
  direction: 'ltr' | 'rtl';
}

const en: Labels = {
  kinds: {
    security_alert: 'Security Alert',
    demonstration_alert: 'Demonstration Alert',
    health_alert: 'Health Alert',
    travel_advisory_change: 'Travel Advisory Change',
    message: 'Message',
  },
  location: 'Location',
  effective: 'Effective',
  expires: 'Expires',
  event: 'Event',
  actions: 'Actions to Take',
  assistance: 'Assistance',
  phone: 'Phone',
  email: 'Email',
  website: 'Website',
  address: 'Address',
  checkinInvitation: 'Let us know whether you are safe or need help:',
  checkinButton: 'Check in',
  checkinShort: 'Check in:',
  direction: 'ltr',
};

const fr: Labels = {
  kinds: {
    security_alert: 'Alerte de sécurité',
    demonstration_alert: 'Alerte manifestation',
    health_alert: 'Alerte sanitaire',
    travel_advisory_change: 'Modification des conseils aux voyageurs',
    message: 'Message',
  },
  location: 'Lieu',
  effective: 'En vigueur',
  expires: 'Expire',
  event: 'Événement',
  actions: 'Mesures à prendre',
  assistance: 'Assistance',
  phone: 'Téléphone',
  email: 'Courriel',
  website: 'Site web',
  address: 'Adresse',
  checkinInvitation: 'Dites-nous si vous êtes en sécurité ou si vous avez besoin d’aide :',
  checkinButton: 'Donner de mes nouvelles',
  checkinShort: 'Répondez :',
  direction: 'ltr',
};

const es: Labels = {
  kinds: {
    security_alert: 'Alerta de seguridad',
    demonstration_alert: 'Alerta de manifestación',
    health_alert: 'Alerta sanitaria',
    travel_advisory_change: 'Cambio en las recomendaciones de viaje',
    message: 'Mensaje',
  },
  location: 'Lugar',
  effective: 'Vigente desde',
  expires: 'Vence',
  event: 'Suceso',
  actions: 'Medidas a tomar',
  assistance: 'Asistencia',
  phone: 'Teléfono',
  email: 'Correo electrónico',
  website: 'Sitio web',
  address: 'Dirección',
  checkinInvitation: 'Indíquenos si está a salvo o si necesita ayuda:',
  checkinButton: 'Informar de mi situación',
  checkinShort: 'Responda:',
  direction: 'ltr',
};

const ar: Labels = {
  kinds: {
    security_alert: 'تنبيه أمني',
    demonstration_alert: 'تنبيه بشأن مظاهرات',
    health_alert: 'تنبيه صحي',
    travel_advisory_change: 'تغيير في إرشادات السفر',
    message: 'رسالة',
  },
  location: 'الموقع',
  effective: 'يسري اعتبارًا من',
  expires: 'ينتهي في',
  event: 'الحدث',
  actions: 'الإجراءات الواجب اتخاذها',
  assistance: 'المساعدة',
  phone: 'الهاتف',
  email: 'البريد الإلكتروني',
  website: 'الموقع الإلكتروني',
  address: 'العنوان',
  checkinInvitation: 'أخبرنا إن كنت بأمان أو بحاجة إلى مساعدة:',
  checkinButton: 'طمئنّا عنك',
  checkinShort: 'للرد:',
  direction: 'rtl',
};

export const LABELS = { en, fr, es, ar } as const satisfies Record<MessageLanguage, Labels>;

export type SupportedLanguage = MessageLanguage;

export const DEFAULT_LANGUAGE: SupportedLanguage = 'en';

/** "fr-CA", "FR", "fr_FR" → "fr"; languages without labels fall back to English. */
export function resolveLanguage(tag: string | undefined): SupportedLanguage {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return primary in LABELS ? (primary as SupportedLanguage) : DEFAULT_LANGUAGE;
}
