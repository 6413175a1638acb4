/** Shared inputs for the feeds tests: sample Warden alerts and the shared CAP test data. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CapAlert, CapInfo } from '../../src/feeds/cap-types.js';
import { isoGeocode } from '../../src/feeds/cap-writer.js';

export const CAP_TESTDATA_DIR = fileURLToPath(new URL('../../../shared/testdata/cap/', import.meta.url));

export function testdata(name: string): Buffer {
  return readFileSync(CAP_TESTDATA_DIR + name);
}

const SENDER = 'consular@warden.example';
const FIRST_SENT = new Date('2020-01-03T06:15:00Z');

function baghdadInfo(language: string, headline: string, instruction: string): CapInfo {
  return {
    language,
    category: ['Security'],
    event: 'Security alert',
    responseType: ['Evacuate', 'Avoid'],
    urgency: 'Immediate',
    severity: 'Extreme',
    certainty: 'Observed',
    effective: new Date('2020-01-03T06:15:00Z'),
    expires: new Date('2020-01-10T06:15:00Z'),
    senderName: 'Warden consular service',
    headline,
    description: 'Heightened tensions in Iraq & the region; rockets struck near the airport <BIAP>.',
    instruction,
    web: 'https://warden.example/alerts/2020-0001',
    contact: '+964 760 030 3000',
    parameters: [{ valueName: 'checkin', value: 'requested' }],
    areas: [
      {
        areaDesc: 'Baghdad International Airport',
        polygons: [[[33.27, 44.2], [33.27, 44.26], [33.24, 44.26], [33.24, 44.2], [33.27, 44.2]]],
        circles: [{ lat: 33.2625, lon: 44.2346, radiusKm: 5 }],
        geocodes: [isoGeocode('IQ'), isoGeocode('IQ-BG')],
      },
    ],
  };
}

const BILINGUAL_INFOS: CapInfo[] = [
  baghdadInfo('en-GB', 'Depart Iraq immediately', 'Depart Iraq immediately. Do not approach the Embassy.'),
  baghdadInfo('fr-FR', "Quittez l'Irak immédiatement", "Quittez l'Irak immédiatement. Ne vous approchez pas de l'ambassade."),
];

export const SAMPLE_ALERT: CapAlert = {
  identifier: 'warden-2020-0001',
  sender: SENDER,
  sent: FIRST_SENT,
  status: 'Actual',
  msgType: 'Alert',
  scope: 'Public',
  note: 'Issued by the Warden demo',
  incidents: ['baghdad-2020-01-03'],
  infos: BILINGUAL_INFOS,
};

export const SAMPLE_UPDATE: CapAlert = {
  ...SAMPLE_ALERT,
  identifier: 'warden-2020-0002',
  sent: new Date('2020-01-03T09:00:00Z'),
  msgType: 'Update',
  references: [{ sender: SENDER, identifier: 'warden-2020-0001', sent: FIRST_SENT }],
};

export const SAMPLE_CANCEL: CapAlert = {
  ...SAMPLE_ALERT,
  identifier: 'warden-2020-0003',
  sent: new Date('2020-01-05T12:00:00Z'),
  msgType: 'Cancel',
  references: [
    { sender: SENDER, identifier: 'warden-2020-0001', sent: FIRST_SENT },
    { sender: SENDER, identifier: 'warden-2020-0002', sent: new Date('2020-01-03T09:00:00Z') },
  ],
};
