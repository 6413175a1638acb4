/**
 * Warden's shared vocabulary: the words the server (alerts, delivery, check-ins, CAP) and the
 * web app both use, defined once. Pure constants and types only — no imports — so the web
 * app can import this file directly (web/src imports ../../src/vocabulary).
 */

/** What an alert is about; also the key of the kind's label in every message language. */
export const alertKinds = ['security_alert', 'demonstration_alert', 'health_alert', 'travel_advisory_change', 'message'] as const;
export type AlertKind = (typeof alertKinds)[number];

/** The ways Warden reaches a person (contact points, deliveries). */
export const channels = ['email', 'sms', 'webhook', 'webpush'] as const;
export type ChannelName = (typeof channels)[number];

/**
 * What an outbox row carries (src/delivery/outbox.ts): an alert to one of its recipients (the publish
 * fan-out, escalation rounds, departure notices), or a message its domain composed for one address.
 */
export const messageKinds = ['alert', 'duty', 'subscription_confirm', 'subscription_notice', 'sign_in', 'enrolment', 'operator_unlock'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** One delivery row's life: queued → sending → sent | failed | bounced (retries go back to queued). */
export const deliveryStates = ['queued', 'sending', 'sent', 'failed', 'bounced'] as const;
export type DeliveryState = (typeof deliveryStates)[number];

/** What a person can answer to an alert that asks them to check in. */
export const checkinAnswers = ['safe', 'need_help', 'departed'] as const;
export type CheckinAnswer = (typeof checkinAnswers)[number];

/** Languages a traveller can choose and an alert can carry an info block in (BCP 47 primary tags). */
export const languages = ['en', 'fr', 'es', 'ar', 'de', 'it', 'pt', 'nl', 'ru', 'zh', 'fa', 'tr', 'ku'] as const;
export type Language = (typeof languages)[number];
/** Written right to left. */
export const rightToLeftLanguages: readonly Language[] = ['ar', 'fa'];

/** The languages Warden's own messages and pages are written in (labels exist for these; others fall back to English). */
export const messageLanguages = ['en', 'fr', 'es', 'ar'] as const;
export type MessageLanguage = (typeof messageLanguages)[number];

/** An alert's life: draft → pending_approval → published, then updated / cancelled / withdrawn. */
export const alertStates = ['draft', 'pending_approval', 'published', 'updated', 'cancelled', 'withdrawn'] as const;
export type AlertState = (typeof alertStates)[number];

/** A travel advisory's versions: draft → pending_approval → published → superseded by the next. */
export const advisoryStates = ['draft', 'pending_approval', 'published', 'superseded'] as const;
export type AdvisoryState = (typeof advisoryStates)[number];

/** Where a person stands on the accountability board (an answer, or no answer, or no channel that reached them). */
export const boardStatuses = ['safe', 'departed', 'need_help', 'no_answer', 'unreachable'] as const;
export type BoardStatus = (typeof boardStatuses)[number];

/** A request to change a post's status (two-person rule): pending until approved, rejected or superseded by a newer one. */
export const statusRequestStates = ['pending', 'approved', 'rejected', 'superseded'] as const;
export type StatusRequestState = (typeof statusRequestStates)[number];
