import type { AlertKind, ChannelName } from '../../vocabulary.js';

export type { AlertKind };
export { alertKinds as ALERT_KINDS } from '../../vocabulary.js';

/** One way to reach help: the post (embassy, consulate) or a hotline. */
export interface ContactCard {
  name: string;
  phone?: string;
  email?: string;
  website?: string;
  address?: string;
}

export interface Assistance {
  /** The post's contacts first, then other sources of help. */
  contacts: ContactCard[];
  /** Free sentences in the recipient's language ("Enrol in …", "Follow us on …"). */
  notes?: string[];
}

export interface MessageInput {
  kind: AlertKind;
  /** BCP 47 tag of the recipient's language; unknown languages fall back to English. */
  language: string;
  headline: string;
  /** What happened; blank lines separate paragraphs. */
  event: string;
  /** One instruction per entry ("Depart Iraq immediately.", "Do not approach the Embassy."). */
  actions: string[];
  assistance: Assistance;
  areaDescription: string;
  /** The recipient's personal check-in link, `{publicUrl}/c/{token}`. */
  checkinUrl: string;
  /** Who speaks: "U.S. Embassy Baghdad". */
  senderName: string;
  effective: Date | string;
  expires?: Date | string;
  /** IANA zone for dates in the message; UTC when absent. */
  timeZone?: string;
}

export interface RenderedMessage {
  subject?: string;
  text: string;
  html?: string;
  sms?: string;
}

export type RenderChannel = ChannelName;
