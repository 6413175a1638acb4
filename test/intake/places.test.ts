import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPlaces, type Place } from '../../src/intake/text/places.js';
import { pressAbbreviation } from '../../src/intake/text/place-abbreviations.js';

/** The places written as `surface`, as "kind countryCode" (subdivisions and countries by code). */
function readings(text: string, surface: string): string[] {
  return findPlaces(text)
    .filter((p) => p.surface === surface)
    .map((p) => (p.kind === 'city' ? `city ${p.countryCode}` : `${p.kind} ${p.code}`));
}

function one(text: string, surface: string): Place {
  const found = findPlaces(text).filter((p) => p.surface === surface);
  assert.equal(found.length, 1, `one "${surface}" in: ${text}`);
  return found[0]!;
}

test('qualifier: "London, Ontario" is the Canadian city, "Paris, Texas" the American one', () => {
  assert.deepEqual(readings('A rally was held in London, Ontario on Saturday.', 'London'), ['city CA']);
  assert.deepEqual(readings('A rally was held in London, Ontario on Saturday.', 'Ontario'), ['subdivision CA-ON']);
  assert.deepEqual(readings('He was born in Paris, Texas, in 1950.', 'Paris'), ['city US']);
  assert.deepEqual(readings('A 25-year-old Paris, Missouri, man was arrested.', 'Paris'), ['city US']);
});

test('qualifier: the qualifier is read in the light of the name ("Atlanta, Georgia" is the US state)', () => {
  assert.deepEqual(readings('Flights out of Atlanta, Georgia were cancelled.', 'Georgia'), ['subdivision US-GA']);
  // "Lebanon, Pennsylvania" is the town, not the country.
  assert.deepEqual(readings('The festival returns to Lebanon, Pennsylvania on Thursday.', 'Lebanon'), ['city US']);
});

test('qualifier: "<name>, <country>" keeps the reading inside that country, whichever country it is', () => {
  // Same-named subdivisions and towns in two countries, each qualified both ways.
  assert.deepEqual(readings('Floods hit Punjab, Pakistan on Monday.', 'Punjab'), ['subdivision PK-PB'], "ISO spells it Panjāb");
  assert.deepEqual(readings('Floods hit Punjab, India on Monday.', 'Punjab'), ['subdivision IN-PB']);
  assert.deepEqual(readings('He was born in Hyderabad, Pakistan.', 'Hyderabad'), ['city PK']);
  assert.deepEqual(readings('He was born in Hyderabad, India.', 'Hyderabad'), ['city IN']);
  assert.equal(one('She moved to Córdoba, Spain last year.', 'Córdoba').countryCode, 'ES');
  assert.deepEqual(readings('She moved to Córdoba, Argentina last year.', 'Córdoba'), ['city AR']);
  assert.deepEqual(readings('Storms hit Georgia, US on Monday.', 'Georgia'), ['subdivision US-GA'], 'a state of the qualifying country');
  assert.deepEqual(readings('Storms hit Georgia, United States on Monday.', 'Georgia'), ['subdivision US-GA']);
  assert.deepEqual(readings('Fighting near Tbilisi, Georgia continued.', 'Georgia'), ['country GE']);
  // The other order: the town says which country's subdivision the qualifier is.
  assert.deepEqual(readings('Police in Lahore, Punjab said two men were held.', 'Punjab'), ['subdivision PK-PB']);
  assert.deepEqual(readings('Police in Amritsar, Punjab said two men were held.', 'Punjab'), ['subdivision IN-PB']);
  // A country's possessive, and a text about one country.
  assert.deepEqual(readings("Pakistan's Punjab was flooded.", 'Punjab'), ['subdivision PK-PB']);
  assert.deepEqual(readings("India's Punjab was flooded.", 'Punjab'), ['subdivision IN-PB']);
  assert.deepEqual(readings('Floods in Punjab killed 20 people in Pakistan.', 'Punjab'), ['subdivision PK-PB']);
  assert.deepEqual(readings('Floods in Punjab killed 20 people in India.', 'Punjab'), ['subdivision IN-PB']);
  // Near-spellings are readings only where the text names the country: "Maury" is no Turkmen "Mary".
  assert.deepEqual(readings('Maury Rosenstein has been named a professor in Paris.', 'Maury'), []);
});

test('a long subdivision name in another transliteration is read without context ("Khyber Pakhtunkhwa")', () => {
  // ISO writes "Khaībar Pakhtūnkhwā"; two words and 14 letters make the consonant skeleton distinctive.
  assert.deepEqual(readings('Floods hit Khyber Pakhtunkhwa on Monday.', 'Khyber Pakhtunkhwa'), ['subdivision PK-KP']);
  assert.deepEqual(readings('Officials in Khaibar Pakhtunkhwa said roads were closed.', 'Khaibar Pakhtunkhwa'), ['subdivision PK-KP']);
  // Short names are not read so loosely: "Maury" is no Mary, "Messi" no Meuse.
  assert.deepEqual(readings('Messi scored twice on Sunday.', 'Messi'), []);
});

test('qualifier: lists of countries are not read as a place and its country', () => {
  assert.deepEqual(readings('Refugees fled to Syria, Iraq and Iran.', 'Iraq'), ['country IQ']);
  assert.deepEqual(readings('Cases were reported in Niger, Nigeria and Chad.', 'Niger'), ['country NE']);
  assert.deepEqual(readings('Delegates came from France, Georgia, US and Canada.', 'Georgia'), ['country GE']);
});

test('qualifier: one sense per discourse — a later bare name keeps the qualified reading', () => {
  const text = 'LONDON, Ky. (WKYT) - London Police have arrested two people. Officers in London said the car was stolen.';
  assert.deepEqual(readings(text, 'London'), ['city US', 'city US']);
  assert.deepEqual(readings(text, 'LONDON'), ['city US'], 'an all-caps dateline is a place, not an acronym');
  assert.deepEqual(readings(text, 'Ky.'), ['subdivision US-KY']);
});

test('qualifier: a small town only known outside the qualifier\'s country is left unresolved', () => {
  // The gazetteer has Churchills in the US and England but none in Manitoba.
  const text = 'She was born in Churchill, Man. and flown to Winnipeg.';
  assert.deepEqual(readings(text, 'Churchill'), []);
  assert.deepEqual(readings(text, 'Man.'), ['subdivision CA-MB']);
});

test('press abbreviations: "Ark.", "Calif.", "Man." after "<Name>, " only', () => {
  assert.equal(pressAbbreviation('ark'), 'US-AR');
  assert.equal(pressAbbreviation('man'), 'CA-MB');
  assert.equal(pressAbbreviation('constructor'), undefined);
  assert.deepEqual(readings('RUSSELLVILLE, Ark. (AP) - A man was killed.', 'Ark.'), ['subdivision US-AR']);
  assert.deepEqual(readings('The fire near Redding, Calif. spread overnight.', 'Calif.'), ['subdivision US-CA']);
  assert.deepEqual(readings('The ferry sailed for the Isle of Man. Then it returned.', 'Man.'), [], 'not after "<Name>, "');
});

test('a sentence-final period stays out of the span unless it makes an abbreviation', () => {
  const places = findPlaces('The troops finally left Iraq. Talks resumed.');
  assert.deepEqual(places.map((p) => p.surface), ['Iraq']);
});

test('a named subdivision puts its country in focus: "Paris" in a text about Texas', () => {
  const text = 'Paris police said the fire started on Sunday. Firefighters from across Texas helped.';
  assert.deepEqual(readings(text, 'Paris'), ['city US']);
  assert.equal(one('Paris police said the fire started on Sunday.', 'Paris').countryCode, 'FR', 'alone, Paris is in France');
});

test('a name does not vouch for itself: "London" in a text about Canada is London, Ontario', () => {
  const text = 'Organizers of a London rally thanked Canada for what it has done. More than 200 people attended the rally. Canada has taken in thousands of refugees.';
  assert.deepEqual(readings(text, 'London'), ['city CA']);
  assert.deepEqual(readings('Organizers of a London rally said more than 200 people attended.', 'London'), ['city GB']);
});

test('a mid-sized town in a country nothing else points to, far from the text\'s focus, is left unresolved', () => {
  // Edmonton, London (a suburb the gazetteer lacks) — not Edmonton, Alberta.
  const london = 'A man was stabbed on Church Street in Edmonton on Friday. Enfield police and the London Ambulance Service attended.';
  assert.deepEqual(readings(london, 'Edmonton'), []);
  const alberta = 'A man was stabbed in Edmonton on Friday. Police in Alberta said he was 25.';
  assert.deepEqual(readings(alberta, 'Edmonton'), ['city CA']);
  // Near a focus country it stays: Malakal (South Sudan) in a text about Sudan.
  assert.deepEqual(readings('Fighting in Sudan spread to Malakal last week.', 'Malakal'), ['city SS']);
});

test('an area named after a town elsewhere is not that town ("Metcalfe County, Kentucky")', () => {
  const text = 'A crash closed the road in Metcalfe County on Monday, Kentucky State Police said. Troopers from Kentucky attended.';
  // Not the town of Metcalfe, Mississippi: the Kentucky county itself (us-atlas), at its centroid.
  assert.deepEqual(readings(text, 'Metcalfe County'), ['subdivision fips:21169']);
  const county = one(text, 'Metcalfe County');
  assert.ok(Math.abs(county.lat - 36.99) < 0.05 && Math.abs(county.lon + 85.63) < 0.05, `${county.lat},${county.lon}`);
  // An area with no county data behind it and only a far-off town of its name stays unresolved.
  assert.deepEqual(readings(text.replace('Metcalfe County', 'Metcalfe District'), 'Metcalfe District'), []);
  // "X City" names the town itself.
  assert.equal(one('Officials in Quebec City said the bridge was safe.', 'Quebec City').kind, 'city');
});

test('a subdivision and its same-named town: the subdivision, unless the town has a million people', () => {
  assert.deepEqual(readings('The Quebec government will appeal the ruling. Montreal mayors disagree.', 'Quebec'), ['subdivision CA-QC']);
  assert.deepEqual(readings('Officials in Beijing said the outbreak was contained.', 'Beijing'), ['city CN']);
});

test('a national capital beats a same-named subdivision, unless the text is local to it', () => {
  assert.equal(one('WASHINGTON — The president signed the bill on Friday.', 'WASHINGTON').name, 'Washington, D. C.');
  assert.equal(one('Officials in Washington said the talks with Iowa and Texas farmers would continue.', 'Washington').name, 'Washington, D. C.');
  assert.deepEqual(readings('The cow was found at a Washington state farm in 2003.', 'Washington'), ['subdivision US-WA']);
  assert.deepEqual(readings('The case was found in the state of Washington, near Seattle.', 'Washington'), ['subdivision US-WA']);
});

test('news spellings: the Democratic Republic of Congo, Zaire, KwaZulu-Natal', () => {
  assert.equal(one('Ebola returned to the Democratic Republic of Congo.', 'Democratic Republic of Congo').countryCode, 'CD');
  assert.equal(one('Mobutu ruled Zaire for three decades.', 'Zaire').code, 'CD');
  assert.equal(one('Floods hit KwaZulu-Natal on Monday.', 'KwaZulu-Natal').code, 'ZA-NL');
});

test('US counties are read whole and need their state: "Scott County, Indiana", "Orleans Parish", "Lincoln County"', () => {
  assert.deepEqual(readings('Austin, in Scott County, Indiana, was the epicenter. Cases in Scott County rose.', 'Scott County'), ['subdivision fips:18143', 'subdivision fips:18143']);
  // A parish is Louisiana's, whatever other Orleans counties exist (New York, Vermont).
  assert.deepEqual(readings('Flooding hit Orleans Parish overnight.', 'Orleans Parish'), ['subdivision fips:22071']);
  // 24 Lincoln Counties: with nothing to say which, none is guessed; with its state named, that one.
  assert.deepEqual(readings('A storm hit Lincoln County on Monday.', 'Lincoln County'), []);
  assert.deepEqual(readings('A storm hit Lincoln County on Monday, Nebraska officials said.', 'Lincoln County'), ['subdivision fips:31111']);
});

test('person coreference: a word of a full name whose bearer is a person elsewhere is no place in the text', () => {
  const skater = 'INNISFAIL - Nine-year-old Georgia Stevens is lacing her skates. Georgia began skating at four. "She was dedicated," said Cory Stevens, Georgia\'s father.';
  assert.deepEqual(readings(skater, 'Georgia'), []);
  const cousin = 'Her cousin, Jenny Palma, a salon owner in Toronto, was shocked. "She had a heart of gold," Palma said.';
  assert.deepEqual(readings(cousin, 'Palma'), []);
  assert.deepEqual(readings(cousin, 'Toronto'), ['city CA']);
  assert.deepEqual(readings('Not much happens in Russia without Vladimir Putin. Mr Putin denied it.', 'Vladimir'), []);
  // Places that speak stay places ("Sudan said"), and a locative keeps the place even when a person shares the name.
  assert.deepEqual(readings('Sudan said the camps were safe. Refugees from Sudan returned.', 'Sudan'), ['country SD', 'country SD']);
  const both = 'Georgia Stevens, 9, skates in Georgia. Mr Stevens said she was dedicated.';
  assert.deepEqual(findPlaces(both).map((p) => [p.start, p.code]), [[both.indexOf('in Georgia') + 3, 'GE']]);
});

test('longer names: a part of the place is read whole; a feature that only borrows the name is not the place', () => {
  const port = one('Ships left the Port of Baltimore on Monday.', 'Port of Baltimore');
  assert.equal(port.kind, 'city');
  assert.equal(port.countryCode, 'US');
  assert.equal(one('A fire in the Hollywood Hills spread.', 'Hollywood Hills').countryCode, 'US');
  for (const [text, name] of [['Storms over the Indian Ocean grew.', 'Indian'], ['Central American migrants reached the border.', 'American'], ['Bars in the French Quarter closed.', 'French'], ['The Mississippi River flooded.', 'Mississippi'], ['Cars on Baghdad Street burned.', 'Baghdad'], ['The Gulf of Mexico is warm.', 'Mexico'], ['The Gulf of Mexico is warm.', 'Gulf'], ['They sailed the Sea of Japan.', 'Japan']] as const) {
    assert.deepEqual(readings(text, name), [], `${name} in: ${text}`);
  }
  // Inside a longer chunk the feature word names an organisation, and the place stays: "Missouri State Highway Patrol".
  assert.deepEqual(readings('Bars in the French Quarter of New Orleans closed.', 'New Orleans'), ['city US']);
});

test('nationality words of subdivisions and regions: "Iowans", "Texan", "Californians", "European"', () => {
  assert.deepEqual(readings('Iowans voted on Tuesday.', 'Iowans'), ['subdivision US-IA']);
  assert.deepEqual(readings('A Texan rancher was fined.', 'Texan'), ['subdivision US-TX']);
  assert.deepEqual(readings('Californians braced for the storm.', 'Californians'), ['subdivision US-CA']);
  // Florida is also a department of Uruguay: an ambiguous stem gives no reading.
  assert.deepEqual(readings('Floridians braced for the storm.', 'Floridians'), []);
  assert.deepEqual(readings('Kentuckians lined up.', 'Kentuckians'), ['subdivision US-KY']);
  assert.deepEqual(readings('European leaders met.', 'European'), ['region region:europe']);
  assert.ok(one('Iowans voted on Tuesday.', 'Iowans').demonym);
  // Off with the other nationality words; and words that only look like them are none.
  assert.deepEqual(findPlaces('Iowans voted on Tuesday.', { demonyms: false }), []);
  assert.deepEqual(findPlaces('A Christian charity and a Republican senator.').map((p) => p.surface), []);
});

test('a US state read as the same-named country only when the text is not about the US', () => {
  assert.deepEqual(readings('The storm moved from Alabama into Georgia on Monday.', 'Georgia'), ['subdivision US-GA']);
  assert.deepEqual(readings('Georgia and Armenia signed a deal with Azerbaijan.', 'Georgia'), ['country GE']);
  // A territory that ISO lists both as a country and as a subdivision stays the country.
  assert.deepEqual(readings('Flights from Guangdong to Hong Kong resumed, Chinese officials in Shanghai said.', 'Hong Kong'), ['country HK']);
});

test('hyphenated names are read whole whatever the connector\'s language: "Port-au-Prince", "Stratford-upon-Avon"', () => {
  assert.deepEqual(readings('Aid reached Port-au-Prince on Friday.', 'Port-au-Prince'), ['city HT']);
  assert.deepEqual(readings('Police in Port-au-Prince, Haiti, said.', 'Port-au-Prince'), ['city HT']);
  assert.deepEqual(readings('Floods closed roads near Stratford-upon-Avon.', 'Stratford-upon-Avon'), ['city GB']);
  // The lower-case word must be hyphened on both sides: "Port au" with a space is not one name.
  assert.deepEqual(readings('The ship left Port au matin.', 'Port au'), []);
});

test('another spelling of a town (a GeoNames alternate name) counts in a country the text is about: "Derna" for Darnah', () => {
  const derna = one('Floods swept through Derna in eastern Libya on Monday.', 'Derna');
  assert.equal(derna.countryCode, 'LY');
  assert.equal(derna.name, 'Darnah');
  // Without the country, an alternate name of a small town stays unread rather than guessed.
  assert.deepEqual(readings('The city of Derna was flooded.', 'Derna'), []);
  // A short form of the main name counts too ("Ludwigshafen" for Ludwigshafen am Rhein) in a text about Germany.
  assert.deepEqual(readings('A blast at a chemical plant in Ludwigshafen, Germany, killed two.', 'Ludwigshafen'), ['city DE']);
});

test('a compass word glued to a foreign subdivision\'s name makes another region: "West Midlands" is not Zimbabwe\'s Midlands', () => {
  const text = 'Flooding hit the West Midlands on Tuesday, and roads in England were closed.';
  assert.ok(!findPlaces(text).some((p) => p.countryCode === 'ZW'), 'no Zimbabwean reading');
  assert.deepEqual(readings(text, 'England'), ['subdivision GB-ENG']);
  // A subdivision of the country the text is about is still read after a compass word.
  assert.deepEqual(readings('Floods in West Sindh, Pakistan, displaced thousands.', 'Sindh'), ['subdivision PK-SD']);
});

test('streets: read by their form and placed at the town the text names, never without one', () => {
  const text = 'Police were called to Hutcheson Road in Rome, Georgia on Sunday. A second car was found on Dean Woods Road.';
  const street = one(text, 'Hutcheson Road');
  const rome = one(text, 'Rome');
  assert.equal(street.kind, 'site');
  assert.equal(rome.countryCode, 'US');
  assert.deepEqual([street.lat, street.lon, street.countryCode], [rome.lat, rome.lon, 'US']);
  assert.equal(street.approximate, true);
  assert.equal(one(text, 'Dean Woods Road').countryCode, 'US', 'the town named before it');
  assert.deepEqual(readings('A man was hurt on Hutcheson Road on Sunday.', 'Hutcheson Road'), [], 'no town named: left unread');
  // Organisations and the markets are not streets.
  assert.deepEqual(findPlaces('Shares fell on Wall Street in New York.').map((p) => p.surface), ['New York']);
  assert.deepEqual(findPlaces('The Wall Street Journal in Boston reported it.').map((p) => p.surface), ['Boston']);
  assert.deepEqual(findPlaces('The Iranian Red Crescent in Tehran said.').map((p) => p.surface), ['Iranian', 'Tehran']);
});

test('regions of subdivisions: "Darfur" is the states named "North/South/… Darfur"; foreign compass words read in English', () => {
  const darfur = one('Fighting in Darfur displaced thousands.', 'Darfur');
  assert.deepEqual([darfur.kind, darfur.countryCode], ['region', 'SD']);
  assert.ok(Math.abs(darfur.lat - 13) < 1.5 && Math.abs(darfur.lon - 24.5) < 1.5, `Darfur at ${darfur.lat},${darfur.lon}`);
  assert.deepEqual(readings('Clashes in South Darfur near Nyala.', 'South Darfur'), ['subdivision SD-DS'], 'ISO: Janūb Dārfūr');
  assert.deepEqual(readings('Rebels in North Kivu attacked Goma.', 'North Kivu'), ['subdivision CD-NK'], 'ISO: Nord-Kivu');
  assert.deepEqual(readings('Cholera spread in Western Kasai.', 'Western Kasai'), ['subdivision CD-KW'], 'ISO: Kasai-Occidental');
  assert.equal(one('Cholera spread in Kivu.', 'Kivu').countryCode, 'CD');
  // Not a region: a kind of area ("Northern Province"), or word order that is not English ("Plateau Central").
  assert.deepEqual(readings('Haiti\'s Central Plateau was hit.', 'Central Plateau'), []);
});

test('a country code glued to a dollar sign is a currency, not a place', () => {
  assert.deepEqual(findPlaces('The UN appealed for US$2.8 million for Sudan.').map((p) => p.surface), ['Sudan']);
  assert.deepEqual(findPlaces('Crops worth $US 15 billion are grown in the US.').map((p) => p.surface), ['US']);
  assert.deepEqual(findPlaces('A fine of CA$500 was paid in Canada.').map((p) => p.surface), ['Canada']);
});

test('a nationality word that opens an institution\'s name is no place; armies and forces still say where', () => {
  assert.deepEqual(findPlaces('He is certified by the American Board of Radiology in Sioux City, Iowa.').map((p) => p.surface), ['Sioux City', 'Iowa']);
  assert.deepEqual(findPlaces('according to the American Psychological Association in Washington').map((p) => p.surface), ['Washington']);
  assert.deepEqual(findPlaces('Iranian forces and the Iraqi Army met near Basra.').map((p) => p.surface), ['Iranian', 'Iraqi', 'Basra']);
});

test('a place naming a university is the university\'s name; "University of X" and hospitals still say where', () => {
  assert.deepEqual(findPlaces('Joan Rose, an expert at Michigan State University, spoke in Chicago.').map((p) => p.surface), ['Chicago']);
  assert.deepEqual(findPlaces('She studied at Aberdeen University before moving to Leeds.').map((p) => p.surface), ['Leeds']);
  assert.deepEqual(findPlaces('He was taken to Toronto General Hospital.').map((p) => p.surface), ['Toronto']);
});

test('"Kroger Co." is a company; "LONDON, Ky." and "Plymouth, Mass." are states', () => {
  assert.deepEqual(findPlaces('Kroger Co. is recalling pistachios in Ohio.').map((p) => p.surface), ['Ohio']);
  assert.deepEqual(readings('LONDON, Ky. (WKYT) - A fire broke out.', 'Ky.'), ['subdivision US-KY']);
  assert.deepEqual(readings('He lives in Plymouth, Mass. now.', 'Mass.'), ['subdivision US-MA']);
});
