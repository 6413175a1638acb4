import { test } from 'node:test';
import assert from 'node:assert/strict';
import { haversineKm, isClosedRing, isValidLatLon, pointInCircle, pointInPolygon } from '../../src/geo/distance.js';

const baghdad = { lat: 33.3406, lon: 44.4009 };
const erbil = { lat: 36.1912, lon: 44.0092 };

test('haversineKm: Baghdad–Erbil is about 319 km, symmetric, zero to itself', () => {
  const km = haversineKm(baghdad, erbil);
  assert.ok(Math.abs(km - 319) < 3, `got ${km}`);
  assert.equal(haversineKm(erbil, baghdad), km);
  assert.equal(haversineKm(baghdad, baghdad), 0);
});

test('haversineKm: a quarter meridian and antipodes', () => {
  assert.ok(Math.abs(haversineKm({ lat: 0, lon: 0 }, { lat: 90, lon: 0 }) - 10_007.5) < 1);
  assert.ok(Math.abs(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 }) - 20_015.1) < 1);
  // Across the antimeridian the short way round: 0.2° of longitude at the equator.
  assert.ok(haversineKm({ lat: 0, lon: 179.9 }, { lat: 0, lon: -179.9 }) < 23);
});

test('pointInCircle: inside, on the edge, outside', () => {
  assert.equal(pointInCircle(erbil, baghdad, 400), true);
  assert.equal(pointInCircle(erbil, baghdad, 300), false);
  assert.equal(pointInCircle(baghdad, baghdad, 0), true);
});

// A square around Baghdad, CAP style: [lat, lon] pairs, closed.
const square: Array<[number, number]> = [[33, 44], [33, 45], [34, 45], [34, 44], [33, 44]];

test('pointInPolygon: inside, outside, open ring, concave ring', () => {
  assert.equal(pointInPolygon(baghdad, square), true);
  assert.equal(pointInPolygon(erbil, square), false);
  assert.equal(pointInPolygon(baghdad, square.slice(0, -1)), true);
  // An L shape: the notch at the top right is outside.
  const lShape: Array<[number, number]> = [[0, 0], [0, 2], [1, 2], [1, 1], [2, 1], [2, 0], [0, 0]];
  assert.equal(pointInPolygon({ lat: 0.5, lon: 1.5 }, lShape), true);
  assert.equal(pointInPolygon({ lat: 1.5, lon: 1.5 }, lShape), false);
  assert.equal(pointInPolygon({ lat: 1.5, lon: 0.5 }, lShape), true);
});

test('pointInPolygon: empty or degenerate rings contain nothing', () => {
  assert.equal(pointInPolygon(baghdad, []), false);
  assert.equal(pointInPolygon(baghdad, [[33, 44]]), false);
});

test('isClosedRing', () => {
  assert.equal(isClosedRing(square), true);
  assert.equal(isClosedRing(square.slice(0, -1)), false);
  assert.equal(isClosedRing([[1, 1], [2, 2], [1, 1]]), false, 'fewer than 4 pairs');
  assert.equal(isClosedRing([]), false);
});

test('isValidLatLon', () => {
  assert.equal(isValidLatLon(baghdad), true);
  assert.equal(isValidLatLon({ lat: 91, lon: 0 }), false);
  assert.equal(isValidLatLon({ lat: 0, lon: -180.5 }), false);
  assert.equal(isValidLatLon({ lat: Number.NaN, lon: 0 }), false);
});
