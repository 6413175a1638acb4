import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGsm7, smsSegments, toGsm7 } from '../../src/delivery/messages/sms-segments.js';

const a = (n: number) => 'a'.repeat(n);

describe('smsSegments, GSM-7', () => {
  it('fits 160 characters in one segment and splits at 153 after that', () => {
    assert.deepEqual(smsSegments(a(160)), { encoding: 'GSM-7', units: 160, segments: 1 });
    assert.deepEqual(smsSegments(a(161)), { encoding: 'GSM-7', units: 161, segments: 2 });
    assert.deepEqual(smsSegments(a(306)), { encoding: 'GSM-7', units: 306, segments: 2 });
    assert.deepEqual(smsSegments(a(307)), { encoding: 'GSM-7', units: 307, segments: 3 });
  });

  it('counts extension characters as two septets', () => {
    assert.deepEqual(smsSegments('€'.repeat(80)), { encoding: 'GSM-7', units: 160, segments: 1 });
    assert.deepEqual(smsSegments('€'.repeat(81)), { encoding: 'GSM-7', units: 162, segments: 2 });
    assert.equal(smsSegments('^{}\\[~]|€\f').units, 20);
  });

  it('never splits an escape pair across segments', () => {
    // 306 septets, but the € cannot straddle the boundary at 153: it opens segment 2, leaving one "a" for segment 3.
    const text = `${a(152)}€${a(152)}`;
    assert.deepEqual(smsSegments(text), { encoding: 'GSM-7', units: 306, segments: 3 });
  });

  it('keeps the accented letters GSM-7 has (é è à ñ ü Ç) in GSM-7', () => {
    assert.equal(smsSegments('Évitez le café près de la Défense, señor, über Çanakkale à midi').encoding, 'GSM-7');
    assert.equal(isGsm7('@£$¥¤§¿¡ΔΦΓΛΩΠΨΣΘΞ\n\r'), true);
  });

  it('counts an empty text as one segment', () => {
    assert.deepEqual(smsSegments(''), { encoding: 'GSM-7', units: 0, segments: 1 });
  });
});

describe('smsSegments, UCS-2', () => {
  it('switches the whole message to UCS-2 for one non-GSM character', () => {
    assert.deepEqual(smsSegments(`ê${a(69)}`), { encoding: 'UCS-2', units: 70, segments: 1 });
    assert.deepEqual(smsSegments(`ê${a(70)}`), { encoding: 'UCS-2', units: 71, segments: 2 });
    assert.deepEqual(smsSegments(`ç${a(133)}`), { encoding: 'UCS-2', units: 134, segments: 2 });
    assert.deepEqual(smsSegments(`ç${a(134)}`), { encoding: 'UCS-2', units: 135, segments: 3 });
  });

  it('counts Arabic letters as one unit each', () => {
    assert.deepEqual(smsSegments('غادروا العراق فورًا'), { encoding: 'UCS-2', units: 19, segments: 1 });
  });

  it('counts an emoji as two units and never splits the pair across segments', () => {
    assert.equal(smsSegments('😀').units, 2);
    // 134 units would fit two segments, but the emoji would straddle unit 67, so it moves.
    assert.deepEqual(smsSegments(`ê${a(65)}😀${a(66)}`), { encoding: 'UCS-2', units: 134, segments: 3 });
  });

  it('treats typographic quotes and dashes as non-GSM', () => {
    assert.equal(smsSegments('l’ambassade — fermée').encoding, 'UCS-2');
  });
});

describe('toGsm7', () => {
  it('replaces typographic punctuation and strips accents GSM-7 lacks, keeping those it has', () => {
    assert.equal(toGsm7('Alerte de sécurité : quittez l’Irak — vite… Ça presse, « maintenant »'), 'Alerte de sécurité : quittez l\'Irak - vite... Ça presse, " maintenant "');
    assert.equal(toGsm7('Salga de inmediato; diríjase al aeropuerto'), 'Salga de inmediato; dirijase al aeropuerto');
    assert.equal(toGsm7('être prêt, ça'), 'etre pret, ca');
  });

  it('gives up on scripts with no GSM-7 equivalent', () => {
    assert.equal(toGsm7('غادروا العراق'), undefined);
    assert.equal(toGsm7('Stay safe 🙏'), undefined);
  });
});
