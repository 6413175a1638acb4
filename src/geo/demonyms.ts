/**
 * Demonyms and nationality adjectives → ISO 3166-1 alpha-2. No maintained npm
 * package carries these, so this is a small hand-written table of the common
 * ones. Ambiguous words are left out on purpose ("Korean", "Congolese",
 * "Kurdish", "Arab"): guessing a country from them could target the wrong people.
 */
import { normalizePlaceName } from './normalize.js';
import { ownValue } from './own-value.js';

const DEMONYMS: Readonly<Record<string, string>> = {
  afghan: 'AF', albanian: 'AL', algerian: 'DZ', american: 'US', angolan: 'AO', argentine: 'AR',
  argentinian: 'AR', armenian: 'AM', australian: 'AU', austrian: 'AT', azerbaijani: 'AZ', azeri: 'AZ',
  bahraini: 'BH', bangladeshi: 'BD', belarusian: 'BY', belgian: 'BE', bolivian: 'BO', bosnian: 'BA',
  brazilian: 'BR', brit: 'GB', british: 'GB', briton: 'GB', bulgarian: 'BG', burkinabe: 'BF',
  burmese: 'MM', burundian: 'BI', cambodian: 'KH', cameroonian: 'CM', canadian: 'CA', chadian: 'TD',
  chilean: 'CL', chinese: 'CN', colombian: 'CO', croatian: 'HR', cuban: 'CU', cypriot: 'CY',
  czech: 'CZ', dane: 'DK', danish: 'DK', djiboutian: 'DJ', dominican: 'DO', dutch: 'NL',
  ecuadorian: 'EC', egyptian: 'EG', emirati: 'AE', english: 'GB', eritrean: 'ER', estonian: 'EE',
  ethiopian: 'ET', filipino: 'PH', finn: 'FI', finnish: 'FI', french: 'FR', georgian: 'GE',
  german: 'DE', ghanaian: 'GH', greek: 'GR', guatemalan: 'GT', guinean: 'GN', haitian: 'HT',
  honduran: 'HN', hungarian: 'HU', icelandic: 'IS', indian: 'IN', indonesian: 'ID', iranian: 'IR',
  iraqi: 'IQ', irish: 'IE', israeli: 'IL', italian: 'IT', ivorian: 'CI', jamaican: 'JM',
  japanese: 'JP', jordanian: 'JO', kazakh: 'KZ', kazakhstani: 'KZ', kenyan: 'KE', kosovar: 'XK',
  kosovan: 'XK', kuwaiti: 'KW', kyrgyz: 'KG', lao: 'LA', laotian: 'LA', latvian: 'LV',
  lebanese: 'LB', liberian: 'LR', libyan: 'LY', lithuanian: 'LT', luxembourgish: 'LU', macedonian: 'MK',
  malagasy: 'MG', malawian: 'MW', malaysian: 'MY', malian: 'ML', maltese: 'MT', mauritanian: 'MR',
  mexican: 'MX', moldovan: 'MD', mongolian: 'MN', montenegrin: 'ME', moroccan: 'MA', mozambican: 'MZ',
  namibian: 'NA', nepalese: 'NP', nepali: 'NP', 'new zealander': 'NZ', nicaraguan: 'NI', nigerian: 'NG',
  nigerien: 'NE', 'north korean': 'KP', norwegian: 'NO', omani: 'OM', pakistani: 'PK', palestinian: 'PS',
  panamanian: 'PA', paraguayan: 'PY', peruvian: 'PE', philippine: 'PH', pole: 'PL', polish: 'PL',
  portuguese: 'PT', qatari: 'QA', romanian: 'RO', russian: 'RU', rwandan: 'RW', salvadoran: 'SV',
  saudi: 'SA', 'saudi arabian': 'SA', scottish: 'GB', senegalese: 'SN', serb: 'RS', serbian: 'RS',
  singaporean: 'SG', slovak: 'SK', slovene: 'SI', slovenian: 'SI', somali: 'SO', 'south african': 'ZA',
  'south korean': 'KR', 'south sudanese': 'SS', spaniard: 'ES', spanish: 'ES', 'sri lankan': 'LK',
  sudanese: 'SD', swede: 'SE', swedish: 'SE', swiss: 'CH', syrian: 'SY', taiwanese: 'TW',
  tajik: 'TJ', tanzanian: 'TZ', thai: 'TH', togolese: 'TG', tunisian: 'TN', turk: 'TR',
  turkish: 'TR', turkmen: 'TM', ugandan: 'UG', ukrainian: 'UA', uruguayan: 'UY', uzbek: 'UZ',
  venezuelan: 'VE', vietnamese: 'VN', welsh: 'GB', yemeni: 'YE', zambian: 'ZM', zimbabwean: 'ZW',
};

/** "Iranian", "iranians", "Saudi Arabian" → ISO code; undefined when unknown or ambiguous. */
export function countryByDemonym(word: string): string | undefined {
  const key = normalizePlaceName(word);
  if (key === '') return undefined;
  // Plural nouns: "Iraqis", "Britons", "Swedes"; words ending in s ("Swiss") are found before this.
  return ownValue(DEMONYMS, key) ?? (key.endsWith('s') ? ownValue(DEMONYMS, key.slice(0, -1)) : undefined);
}

/** The whole table, for callers that scan text for demonyms. */
export function listDemonyms(): ReadonlyArray<readonly [string, string]> {
  return Object.entries(DEMONYMS);
}
