/**
 * Renders an alert for one recipient and channel, in the shape consular alerts use:
 * headline, location, dates, then Event / Actions to Take / Assistance, and the
 * recipient's personal check-in link in every form (subject aside).
 */
import { escapeHtml, mailtoHref, safeHttpUrl, telHref } from './html.js';
import { LABELS, resolveLanguage, type Labels, type SupportedLanguage } from './labels.js';
import { renderSms } from './sms.js';
import type { ContactCard, MessageInput, RenderChannel, RenderedMessage } from './types.js';

export function renderMessage(input: MessageInput, channel: RenderChannel): RenderedMessage {
  if (!safeHttpUrl(input.checkinUrl)) throw new Error(`check-in URL must be http(s): ${input.checkinUrl}`);
  const language = resolveLanguage(input.language);
  const labels = LABELS[language];
  const sms = renderSms(input, labels);
  switch (channel) {
    case 'sms':
      return { text: sms, sms };
    case 'webpush':
      return { subject: renderSubject(input, labels), text: sms, sms };
    case 'email':
    case 'webhook':
      return {
        subject: renderSubject(input, labels),
        text: renderText(input, labels, language),
        html: renderHtml(input, labels, language),
        sms,
      };
  }
}

/** Header-safe: line breaks in a subject would start new headers or break the line. */
export function renderSubject(input: MessageInput, labels: Labels): string {
  const subject = `${labels.kinds[input.kind]} – ${input.senderName}: ${input.headline}`;
  return subject.replace(/[\r\n]+/g, ' ').trim();
}

export function formatDate(value: Date | string, language: SupportedLanguage, timeZone = 'UTC'): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid date: ${String(value)}`);
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function contactLines(contact: ContactCard, labels: Labels): string[] {
  const lines = [contact.name];
  if (contact.address) lines.push(`${labels.address}: ${contact.address}`);
  if (contact.phone) lines.push(`${labels.phone}: ${contact.phone}`);
  if (contact.email) lines.push(`${labels.email}: ${contact.email}`);
  if (contact.website) lines.push(`${labels.website}: ${contact.website}`);
  return lines;
}

function dateLines(input: MessageInput, labels: Labels, language: SupportedLanguage): string[] {
  const lines = [`${labels.effective}: ${formatDate(input.effective, language, input.timeZone)}`];
  if (input.expires) lines.push(`${labels.expires}: ${formatDate(input.expires, language, input.timeZone)}`);
  return lines;
}

function assistanceBlocks(input: MessageInput, labels: Labels): string[] {
  const contacts = input.assistance.contacts.map((contact) => contactLines(contact, labels).join('\n'));
  return [...contacts, ...(input.assistance.notes ?? [])];
}

export function renderText(input: MessageInput, labels: Labels, language: SupportedLanguage): string {
  const sections = [
    [`${labels.kinds[input.kind]} – ${input.senderName}`, input.headline].join('\n'),
    [`${labels.location}: ${input.areaDescription}`, ...dateLines(input, labels, language)].join('\n'),
    [`${labels.event}:`, ...paragraphs(input.event).join('\n\n').split('\n')].join('\n'),
    [`${labels.actions}:`, ...input.actions.map((action) => `- ${action}`)].join('\n'),
    `${labels.assistance}:\n${assistanceBlocks(input, labels).join('\n\n')}`,
    [labels.checkinInvitation, input.checkinUrl].join('\n'),
  ];
  return `${sections.join('\n\n')}\n`;
}

function contactHtml(contact: ContactCard, labels: Labels): string {
  const rows = [`<strong>${escapeHtml(contact.name)}</strong>`];
  if (contact.address) rows.push(`${escapeHtml(labels.address)}: ${escapeHtml(contact.address)}`);
  if (contact.phone) rows.push(`${escapeHtml(labels.phone)}: ${leftToRight(link(telHref(contact.phone), contact.phone))}`);
  if (contact.email) rows.push(`${escapeHtml(labels.email)}: ${leftToRight(link(mailtoHref(contact.email), contact.email))}`);
  if (contact.website) rows.push(`${escapeHtml(labels.website)}: ${leftToRight(link(safeHttpUrl(contact.website), contact.website))}`);
  return `<p>${rows.join('<br>')}</p>`;
}

/**
 * Phone numbers, addresses and URLs read left to right in every language: inside Arabic text the bidi
 * algorithm would otherwise show "+1 202 501 4444" as "4444 501 202 1+".
 */
function leftToRight(html: string): string {
  return `<span dir="ltr">${html}</span>`;
}

function link(href: string | undefined, text: string): string {
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function section(title: string, body: string): string {
  return `<h2 style="font-size:1.1em;margin:1.2em 0 0.4em">${escapeHtml(title)}</h2>\n${body}`;
}

export function renderHtml(input: MessageInput, labels: Labels, language: SupportedLanguage): string {
  const checkinHref = escapeHtml(input.checkinUrl);
  const meta = [`${labels.location}: ${input.areaDescription}`, ...dateLines(input, labels, language)]
    .map(escapeHtml)
    .join('<br>');
  const body = [
    `<p style="text-transform:uppercase;font-weight:bold;color:#b00020;margin:0">${escapeHtml(labels.kinds[input.kind])} – ${escapeHtml(input.senderName)}</p>`,
    `<h1 style="font-size:1.4em;margin:0.3em 0">${escapeHtml(input.headline)}</h1>`,
    `<p>${meta}</p>`,
    section(labels.event, paragraphs(input.event).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n')),
    section(labels.actions, `<ul>\n${input.actions.map((action) => `<li>${escapeHtml(action)}</li>`).join('\n')}\n</ul>`),
    section(
      labels.assistance,
      [
        ...input.assistance.contacts.map((contact) => contactHtml(contact, labels)),
        ...(input.assistance.notes ?? []).map((note) => `<p>${escapeHtml(note)}</p>`),
      ].join('\n'),
    ),
    `<p style="margin-top:1.5em">${escapeHtml(labels.checkinInvitation)}</p>`,
    `<p><a href="${checkinHref}" style="display:inline-block;padding:0.6em 1.2em;background:#0b5394;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(labels.checkinButton)}</a></p>`,
    `<p style="font-size:0.85em">${link(input.checkinUrl, input.checkinUrl)}</p>`,
  ];
  return [
    '<!doctype html>',
    `<html lang="${language}" dir="${labels.direction}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(input.headline)}</title></head>`,
    `<body style="font-family:Arial,Helvetica,sans-serif;line-height:1.45;max-width:640px;margin:0 auto;padding:1em">`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
