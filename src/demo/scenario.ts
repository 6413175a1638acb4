import type { AdvisoryInput } from '../advisories/schema.js';
import type { PostInput, PostStatusInput } from '../posts/schema.js';
import type { SiteInput } from '../geo/sites.js';

/*
 * The model case (shared/scenario/baghdad-2020-01-03.txt): on 3 January 2020 an airstrike at
 * Baghdad airport; citizens told to depart Iraq immediately; the embassy suspends public consular
 * operations until further notice and says not to approach it.
 */

/**
 * Each advisory with the time it was published in the scenario: Iraq's Level 4 "depart immediately" on the
 * morning of 3 January 2020 (before the 08:00 alert), the region's advisories in December 2019.
 */
export const demoAdvisories: { countryCode: string; publishedAt: string; input: AdvisoryInput }[] = [
  {
    countryCode: 'IQ', publishedAt: '2020-01-03T05:30:00Z',
    input: {
      level: 4, indicators: ['T', 'U', 'K', 'O'], title: 'Iraq — January 2020 Travel Advisory',
      summary: 'Do not travel to Iraq due to terrorism, kidnapping, armed conflict and civil unrest. Citizens should depart Iraq immediately.',
      body: 'Due to heightened tensions in Iraq and the region, citizens are urged to heed this Travel Advisory and depart Iraq immediately: by airline while possible, and failing that to other countries via land. Public consular operations at the Embassy in Baghdad are suspended until further notice. Do not approach the Embassy.',
      exceptions: [{ level: 4, subdivisionCode: 'IQ-AR', note: 'The Iraqi Kurdistan Region: exercise extreme caution; the Consulate General in Erbil remains open.' }],
    },
  },
  { countryCode: 'IR', publishedAt: '2019-12-10T15:00:00Z', input: { level: 4, indicators: ['T', 'U', 'K', 'D'], title: 'Iran Travel Advisory', summary: 'Do not travel to Iran due to the risk of kidnapping and the arbitrary arrest and detention of citizens.', body: '', exceptions: [] } },
  { countryCode: 'SY', publishedAt: '2019-12-10T15:00:00Z', input: { level: 4, indicators: ['T', 'U', 'K', 'O'], title: 'Syria Travel Advisory', summary: 'Do not travel to Syria due to terrorism, civil unrest, kidnapping and armed conflict.', body: '', exceptions: [] } },
  { countryCode: 'LB', publishedAt: '2019-12-12T15:00:00Z', input: { level: 3, indicators: ['T', 'U', 'K'], title: 'Lebanon Travel Advisory', summary: 'Reconsider travel to Lebanon due to crime, terrorism and armed conflict.', body: '', exceptions: [] } },
  { countryCode: 'SA', publishedAt: '2019-12-18T15:00:00Z', input: { level: 2, indicators: ['T'], title: 'Saudi Arabia Travel Advisory', summary: 'Exercise increased caution in Saudi Arabia due to terrorism and the threat of missile and drone attacks.', body: '', exceptions: [] } },
  { countryCode: 'JO', publishedAt: '2019-12-18T15:00:00Z', input: { level: 2, indicators: ['T'], title: 'Jordan Travel Advisory', summary: 'Exercise increased caution in Jordan due to terrorism.', body: '', exceptions: [] } },
  { countryCode: 'KW', publishedAt: '2019-12-18T15:00:00Z', input: { level: 1, indicators: [], title: 'Kuwait Travel Advisory', summary: 'Exercise normal precautions in Kuwait.', body: '', exceptions: [] } },
  { countryCode: 'TR', publishedAt: '2019-12-18T15:00:00Z', input: { level: 2, indicators: ['T', 'D'], title: 'Turkey Travel Advisory', summary: 'Exercise increased caution in Turkey due to terrorism and arbitrary detentions.', body: '', exceptions: [] } },
];

export const demoPosts: { input: PostInput; status: PostStatusInput }[] = [
  {
    input: {
      slug: 'embassy-baghdad', name: 'U.S. Embassy Baghdad', kind: 'embassy', countryCode: 'IQ', city: 'Baghdad', lat: 33.2986, lon: 44.3956,
      contacts: { phone: '+964 760 030 3000', emergencyPhone: '+1 202 501 4444', email: 'baghdadacs@state.gov', address: 'Al-Kindi Street, International Zone, Baghdad', website: 'https://iq.usembassy.gov' },
    },
    status: {
      status: 'suspended', message: 'Due to militia attacks at the Embassy compound, all public consular operations are suspended until further notice. Do not approach the Embassy.',
      doNotApproach: true, departurePosture: 'ordered', since: '2020-01-03T06:00:00+00:00',
    },
  },
  {
    input: {
      slug: 'consulate-erbil', name: 'U.S. Consulate General Erbil', kind: 'consulate', countryCode: 'IQ', city: 'Erbil', lat: 36.1911, lon: 44.0092,
      contacts: { phone: '+964 66 211 4000', email: 'erbilacs@state.gov', website: 'https://iq.usembassy.gov/embassy-consulates/erbil/' },
    },
    status: { status: 'normal', message: 'The Consulate General is open for emergency services to citizens.', doNotApproach: false, departurePosture: 'none', since: '2020-01-03T06:00:00+00:00' },
  },
];

export const demoSites: SiteInput[] = [
  { name: 'Baghdad International Airport', aliases: ['Baghdad airport', "Baghdad's international airport", 'BGW'], lat: 33.2625, lon: 44.2346, radiusKm: 5 },
  { name: 'Embassy compound, Baghdad', aliases: ['U.S. Embassy compound', 'the Embassy compound'], lat: 33.2986, lon: 44.3956, radiusKm: 1 },
];

/** Where the synthetic travellers are, with weights. Cities resolve through the gazetteer. */
export const demoPlaces = [
  { city: 'Baghdad', countryCode: 'IQ', weight: 40 },
  { city: 'Erbil', countryCode: 'IQ', weight: 15 },
  { city: 'Basrah', countryCode: 'IQ', weight: 12 },
  { city: 'Najaf', countryCode: 'IQ', weight: 8 },
  { city: 'Kuwait City', countryCode: 'KW', weight: 8 },
  { city: 'Amman', countryCode: 'JO', weight: 7 },
  { city: 'Beirut', countryCode: 'LB', weight: 4 },
  { city: 'Riyadh', countryCode: 'SA', weight: 3 },
  { city: 'Istanbul', countryCode: 'TR', weight: 3 },
] as const;
