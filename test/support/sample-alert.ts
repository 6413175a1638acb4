/** The Baghdad model case as message input, for tests of rendering and channels. */
import type { MessageInput } from '../../src/delivery/messages/index.js';

export const SAMPLE_CHECKIN_URL = 'https://warden.example.org/c/Xy7kQ2pLm9vB';

export function sampleAlert(overrides: Partial<MessageInput> = {}): MessageInput {
  return {
    kind: 'security_alert',
    language: 'en',
    headline: 'Depart Iraq immediately',
    event:
      'Armed groups have attacked several sites in Baghdad, including near the International Zone.\n\n' +
      'The Embassy has suspended routine consular services.',
    actions: ['Depart Iraq immediately.', 'Do not approach the Embassy.', 'Avoid crowds and demonstrations.'],
    assistance: {
      contacts: [
        {
          name: 'U.S. Embassy Baghdad',
          phone: '+964 760 030 3000',
          email: 'BaghdadACS@state.gov',
          website: 'https://iq.usembassy.gov',
        },
      ],
      notes: ['Keep your travel documents with you at all times.'],
    },
    areaDescription: 'Iraq',
    checkinUrl: SAMPLE_CHECKIN_URL,
    senderName: 'U.S. Embassy Baghdad',
    effective: '2025-10-14T09:30:00Z',
    expires: '2025-10-21T09:30:00Z',
    ...overrides,
  };
}
