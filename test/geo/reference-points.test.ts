import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KNOWN_ADMIN1, KNOWN_ADMIN2, admin2ToIso } from '../../src/geo/admin1.js';
import { countryPoint, getCountry, haversineKm, searchPlaces, subdivisionPoint } from '../../src/geo/index.js';

/**
 * The seat GeoNames gives each crosswalked admin1 code (PPLA; Ontario's is Toronto), or, where cities1000
 * has no PPLA for the code, its largest town (CN.01 Hefei, CN.13 Ürümqi, IN.10 Faridabad, IN.23 Ludhiana, …).
 */
const SEATS: Record<string, string> = {
  'CA.01': 'Edmonton', 'CA.02': 'Victoria', 'CA.03': 'Winnipeg', 'CA.04': 'Fredericton', 'CA.05': "St. John's", 'CA.07': 'Halifax',
  'CA.08': 'Toronto', 'CA.09': 'Charlottetown', 'CA.10': 'Québec', 'CA.11': 'Regina', 'CA.12': 'Whitehorse', 'CA.13': 'Yellowknife', 'CA.14': 'Iqaluit',
  'AU.01': 'Canberra', 'AU.02': 'Sydney', 'AU.03': 'Darwin', 'AU.04': 'Brisbane', 'AU.05': 'Adelaide', 'AU.06': 'Hobart', 'AU.07': 'Melbourne', 'AU.08': 'Perth',
  'CN.01': 'Hefei', 'CN.02': 'Hangzhou', 'CN.03': 'Nanchang', 'CN.04': 'Nanjing', 'CN.05': 'Changchun', 'CN.06': 'Xining', 'CN.07': 'Fuzhou',
  'CN.08': 'Harbin', 'CN.09': 'Zhengzhou', 'CN.10': 'Shijiazhuang', 'CN.11': 'Changsha', 'CN.12': 'Wuhan', 'CN.13': 'Ürümqi', 'CN.14': 'Lhasa',
  'CN.15': 'Lanzhou', 'CN.16': 'Nanning', 'CN.18': 'Guiyang', 'CN.19': 'Shenyang', 'CN.20': 'Hohhot', 'CN.21': 'Yinchuan', 'CN.22': 'Beijing',
  'CN.23': 'Shanghai', 'CN.24': 'Taiyuan', 'CN.25': 'Jinan', 'CN.26': "Xi'an", 'CN.28': 'Tianjin', 'CN.29': 'Kunming', 'CN.30': 'Guangzhou',
  'CN.31': 'Haikou', 'CN.32': 'Chengdu', 'CN.33': 'Chongqing',
  'IN.01': 'Port Blair', 'IN.02': 'Hyderabad', 'IN.03': 'Dispur', 'IN.05': 'Chandigarh', 'IN.06': 'Silvassa', 'IN.07': 'Delhi', 'IN.09': 'Gandhinagar',
  'IN.10': 'Faridabad', 'IN.11': 'Shimla', 'IN.12': 'Srinagar', 'IN.13': 'Thiruvananthapuram', 'IN.14': 'Kavaratti', 'IN.16': 'Mumbai',
  'IN.17': 'Imphal', 'IN.18': 'Shillong', 'IN.19': 'Bengaluru', 'IN.20': 'Kohima', 'IN.21': 'Bhubaneswar', 'IN.22': 'Puducherry', 'IN.23': 'Ludhiana',
  'IN.24': 'Jaipur', 'IN.25': 'Chennai', 'IN.26': 'Agartala', 'IN.28': 'Kolkata', 'IN.29': 'Gangtok', 'IN.30': 'Itanagar', 'IN.31': 'Aizawl',
  'IN.32': 'Daman', 'IN.33': 'Panaji', 'IN.34': 'Patna', 'IN.35': 'Bhopal', 'IN.36': 'Lucknow', 'IN.37': 'Raipur', 'IN.38': 'Ranchi', 'IN.39': 'Dehradun',
  'BR.01': 'Rio Branco', 'BR.02': 'Maceió', 'BR.03': 'Macapá', 'BR.04': 'Manaus', 'BR.05': 'Salvador', 'BR.06': 'Fortaleza', 'BR.07': 'Brasília',
  'BR.08': 'Vitória', 'BR.11': 'Campo Grande', 'BR.13': 'São Luís', 'BR.14': 'Cuiabá', 'BR.15': 'Belo Horizonte', 'BR.16': 'Belém',
  'BR.17': 'João Pessoa', 'BR.18': 'Curitiba', 'BR.20': 'Teresina', 'BR.21': 'Rio de Janeiro', 'BR.22': 'Natal', 'BR.23': 'Porto Alegre',
  'BR.24': 'Porto Velho', 'BR.25': 'Boa Vista', 'BR.26': 'Florianópolis', 'BR.27': 'São Paulo', 'BR.28': 'Aracaju', 'BR.29': 'Goiânia',
  'BR.30': 'Recife', 'BR.31': 'Palmas',
  'MX.01': 'Aguascalientes', 'MX.02': 'Mexicali', 'MX.03': 'La Paz', 'MX.04': 'Campeche', 'MX.05': 'Tuxtla Gutiérrez', 'MX.06': 'Chihuahua',
  'MX.07': 'Saltillo', 'MX.08': 'Colima', 'MX.09': 'Mexico City', 'MX.10': 'Durango', 'MX.11': 'Guanajuato', 'MX.12': 'Chilpancingo',
  'MX.13': 'Pachuca', 'MX.14': 'Guadalajara', 'MX.15': 'Toluca', 'MX.16': 'Morelia', 'MX.17': 'Cuernavaca', 'MX.18': 'Tepic', 'MX.19': 'Monterrey',
  'MX.20': 'Oaxaca', 'MX.21': 'Puebla', 'MX.22': 'Querétaro', 'MX.23': 'Chetumal', 'MX.24': 'San Luis Potosí', 'MX.25': 'Culiacán',
  'MX.26': 'Hermosillo', 'MX.27': 'Villahermosa', 'MX.28': 'Ciudad Victoria', 'MX.29': 'Tlaxcala', 'MX.30': 'Xalapa', 'MX.31': 'Mérida', 'MX.32': 'Zacatecas',
  'NG.05': 'Ikeja', 'NG.11': 'Abuja', 'NG.16': 'Abeokuta', 'NG.21': 'Uyo', 'NG.22': 'Calabar', 'NG.23': 'Kaduna', 'NG.24': 'Katsina', 'NG.25': 'Awka',
  'NG.26': 'Makurdi', 'NG.27': 'Maiduguri', 'NG.28': 'Owerri', 'NG.29': 'Kano', 'NG.30': 'Ilorin', 'NG.31': 'Minna', 'NG.32': 'Ibadan', 'NG.35': 'Yola',
  'NG.36': 'Asaba', 'NG.37': 'Benin City', 'NG.39': 'Dutse', 'NG.40': 'Birnin Kebbi', 'NG.41': 'Lokoja', 'NG.42': 'Osogbo', 'NG.43': 'Jalingo',
  'NG.44': 'Damaturu', 'NG.45': 'Umuahia', 'NG.46': 'Bauchi', 'NG.47': 'Enugu', 'NG.48': 'Akure', 'NG.49': 'Jos', 'NG.50': 'Port Harcourt',
  'NG.51': 'Sokoto', 'NG.52': 'Yenagoa', 'NG.53': 'Abakaliki', 'NG.54': 'Ado-Ekiti', 'NG.55': 'Gombe', 'NG.56': 'Lafia', 'NG.57': 'Gusau',
  'ZA.02': 'Pietermaritzburg', 'ZA.03': 'Bloemfontein', 'ZA.05': 'Bhisho', 'ZA.06': 'Johannesburg', 'ZA.07': 'Nelspruit', 'ZA.08': 'Kimberley',
  'ZA.09': 'Polokwane', 'ZA.10': 'Mahikeng', 'ZA.11': 'Cape Town',
  'PK.01': 'Pārachinār', 'PK.02': 'Quetta', 'PK.03': 'Peshāwar', 'PK.04': 'Lahore', 'PK.05': 'Karachi', 'PK.06': 'Muzaffarābād',
  'PK.07': 'Gilgit', 'PK.08': 'Islamabad',
  'SD.29': 'Khartoum', 'SD.36': 'Port Sudan', 'SD.38': 'Wad Medani', 'SD.39': 'Al Qadarif', 'SD.41': 'Rabak', 'SD.42': 'Ad-Damazin',
  'SD.43': 'Dongola', 'SD.47': 'El Geneina', 'SD.49': 'Nyala', 'SD.50': 'Kadugli', 'SD.52': 'Kassala', 'SD.53': 'Ed Damer',
  'SD.55': 'El Fasher', 'SD.56': 'El Obeid', 'SD.58': 'Sinja', 'SD.60': 'El Daein', 'SD.61': 'Zalingei',
  'CD.01': 'Bandundu', 'CD.02': 'Mbandaka', 'CD.03': 'Kananga', 'CD.04': 'Mbuji-Mayi', 'CD.05': 'Lubumbashi', 'CD.06': 'Kinshasa',
  'CD.08': 'Matadi', 'CD.09': 'Kisangani', 'CD.10': 'Kindu', 'CD.11': 'Goma', 'CD.12': 'Bukavu',
  'ZW.01': 'Mutare', 'ZW.02': 'Gweru', 'ZW.03': 'Bindura', 'ZW.04': 'Marondera', 'ZW.05': 'Chinhoyi', 'ZW.06': 'Lupane',
  'ZW.07': 'Gwanda', 'ZW.08': 'Masvingo', 'ZW.09': 'Bulawayo', 'ZW.10': 'Harare',
};

test('KNOWN_ADMIN1: every crosswalk entry is the admin1 code of that area\'s seat, and its towns get the ISO code', () => {
  let checked = 0;
  for (const [cc, codes] of Object.entries(KNOWN_ADMIN1)) {
    for (const [admin1, iso] of Object.entries(codes)) {
      const seatName = SEATS[`${cc}.${admin1}`];
      assert.ok(seatName, `${cc}.${admin1} has a seat to check`);
      const towns = searchPlaces(seatName, { countryCode: cc });
      const seat = towns.find((c) => c.admin1 === admin1 && (c.featureCode === 'PPLA' || c.featureCode === 'PPLC')) ?? towns.find((c) => c.admin1 === admin1);
      assert.ok(seat, `${seatName} is a town of ${cc}.${admin1}`);
      assert.equal(seat.subdivisionCode, iso, `${seatName} lies in ${iso}`);
      checked++;
    }
  }
  assert.equal(checked, Object.keys(SEATS).length);
});

test('subdivisionPoint: near the middle of the area (GeoNames ADM1 points within 161 km)', () => {
  const cases: Array<[string, number, number]> = [
    ['US-TX', 31.25044, -99.25061], ['US-CA', 37.25022, -119.75126], ['US-WI', 44.50024, -90.00041], ['AU-NSW', -33, 146], ['US-FL', 28.75054, -82.5001],
  ];
  for (const [code, lat, lon] of cases) {
    const p = subdivisionPoint(code);
    assert.ok(p, code);
    assert.equal(p.basis, 'towns');
    const km = haversineKm(p, { lat, lon });
    assert.ok(km < 161, `${code} is ${Math.round(km)} km from its GeoNames point`);
  }
  const baghdad = subdivisionPoint('iq-bg');
  assert.ok(baghdad && haversineKm(baghdad, { lat: 33.34, lon: 44.4 }) < 100, 'Baghdad governorate around Baghdad');
  const alaska = subdivisionPoint('US-AK');
  assert.ok(alaska && alaska.lon < -140 && alaska.lon > -170, `Alaska's Aleutians do not wrap it round the antimeridian (${alaska?.lon})`);
  for (const code of ['ZZ-01', 'IQ-ZZ', '']) assert.equal(subdivisionPoint(code), undefined, code);
});

/** A town of each crosswalked British county: its PPLA2 seat, or its largest town (Surrey: Woking, Leicestershire: Loughborough, Nottinghamshire: Mansfield). */
const COUNTY_TOWNS: Record<string, string> = {
  'ENG.B9': 'Aylesbury', 'ENG.C3': 'Cambridge', 'ENG.C6': 'Truro', 'ENG.C9': 'Carlisle', 'ENG.D3': 'Matlock', 'ENG.D4': 'Exeter',
  'ENG.D6': 'Dorchester', 'ENG.D8': 'Durham', 'ENG.E2': 'Lewes', 'ENG.E4': 'Chelmsford', 'ENG.E6': 'Gloucester', 'ENG.F2': 'Winchester',
  'ENG.F7': 'Hereford', 'ENG.F8': 'Hertford', 'ENG.G5': 'Maidstone', 'ENG.H2': 'Preston', 'ENG.H5': 'Loughborough', 'ENG.H7': 'Lincoln',
  'ENG.I9': 'Norwich', 'ENG.J1': 'Northampton', 'ENG.J6': 'Morpeth', 'ENG.J7': 'Northallerton', 'ENG.J9': 'Mansfield', 'ENG.K2': 'Oxford',
  'ENG.L4': 'Oakham', 'ENG.L6': 'Shrewsbury', 'ENG.M3': 'Taunton', 'ENG.M9': 'Stafford', 'ENG.N5': 'Ipswich', 'ENG.N7': 'Woking',
  'ENG.P3': 'Warwick', 'ENG.P6': 'Chichester', 'ENG.P8': 'Trowbridge', 'ENG.Q4': 'Worcester', 'SCT.V1': 'Glenrothes',
};

test('KNOWN_ADMIN2: every British county entry holds that county\'s town, and the county gets a point near it', () => {
  let checked = 0;
  for (const [key, iso] of Object.entries(KNOWN_ADMIN2.GB!)) {
    const townName = COUNTY_TOWNS[key];
    assert.ok(townName, `${key} has a town to check`);
    const town = searchPlaces(townName, { countryCode: 'GB' }).find((c) => `${c.admin1}.${c.admin2}` === key);
    assert.ok(town, `${townName} is a town of GB.${key}`);
    assert.equal(admin2ToIso(town), iso, `${townName} lies in ${iso}`);
    const p = subdivisionPoint(iso);
    assert.ok(p && haversineKm(p, town) < 100, `${iso} is near ${townName}`);
    checked++;
  }
  assert.equal(checked, Object.keys(COUNTY_TOWNS).length);
});

test('subdivisionPoint: crosswalked areas get points of their own, and mis-coded stray towns do not stretch them', () => {
  // Without the crosswalk these had no towns and fell back to the country's point (Zhejiang ~1,500 km off).
  const near: Array<[string, string, number, number]> = [
    ['CN-33', 'Hangzhou', 30.29, 120.16], ['IN-UP', 'Lucknow', 26.84, 80.92], ['BR-MG', 'Belo Horizonte', -19.92, -43.94],
    ['MX-GRO', 'Chilpancingo', 17.55, -99.5], ['NG-KN', 'Kano', 12, 8.52], ['PK-PB', 'Lahore', 31.55, 74.34],
    // GeoNames codes two Qinghai towns (lon ~100) as Jiangsu: without the stray filter the point sat ~800 km west.
    ['CN-32', 'Nanjing', 32.06, 118.78],
  ];
  for (const [code, seat, lat, lon] of near) {
    const p = subdivisionPoint(code);
    assert.ok(p && p.basis === 'towns', code);
    const km = haversineKm(p, { lat, lon });
    assert.ok(km < 300, `${code} is ${Math.round(km)} km from ${seat}`);
  }
});

test('countryPoint: GeoNames conventional points for the documented exceptions, else the centroid', () => {
  assert.deepEqual(countryPoint('ru'), { lat: 60, lon: 100 });
  assert.deepEqual(countryPoint('CA'), { lat: 60.10867, lon: -113.64258 });
  assert.deepEqual(countryPoint('IQ'), getCountry('IQ')!.centroid);
  assert.deepEqual(countryPoint('US'), getCountry('US')!.centroid);
  const p = countryPoint('CN')!;
  p.lat = 0;
  assert.equal(countryPoint('CN')!.lat, 35, 'callers get a copy');
  assert.equal(countryPoint('ZZ'), undefined);
});
