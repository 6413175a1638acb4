import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DocumentError, contentHash, normalizeText } from '../../src/intake/text/documents.js';
import { parseDocuments } from '../../src/intake/text/document-parsers.js';
import { isNearDuplicate, nearDuplicateKey, sharesBand, similarity } from '../../src/intake/text/near-duplicates.js';

async function refusal(input: string | Uint8Array, opts?: Parameters<typeof parseDocuments>[1]): Promise<DocumentError> {
  try {
    await parseDocuments(input, opts);
  } catch (err) {
    assert.ok(err instanceof DocumentError, `expected DocumentError, got ${String(err)}`);
    return err;
  }
  assert.fail('input was accepted');
}

test('plain text with a date header', async () => {
  const [doc] = await parseDocuments('date 2020-01-03\nShots were fired in Baghdad.\r\n');
  assert.equal(doc?.publishedAt?.toISOString(), '2020-01-03T00:00:00.000Z');
  assert.equal(doc?.text, 'Shots were fired in Baghdad.');
  assert.equal(doc?.contentHash, contentHash('Shots were fired in Baghdad.'));
  assert.match(doc!.contentHash, /^[0-9a-f]{64}$/);
});

test('plain text without a header has no date; the same text hashes the same after normalisation', async () => {
  const [a] = await parseDocuments('Shots were fired.  \r\n');
  const [b] = await parseDocuments('\uFEFFShots were fired.\n');
  assert.equal(a?.publishedAt, undefined);
  assert.equal(a?.contentHash, b?.contentHash);
});

test('HTML page: title, published time, article text without scripts', async () => {
  const html = '<html><head><title>Embassy closed</title><meta property="article:published_time" content="2020-01-03T10:00:00Z"><script>var x=1</script></head><body><nav>Home | World</nav><h1>Embassy closed</h1><p>The embassy in <a href="/b">Baghdad</a> is closed.</p></body></html>';
  const [doc] = await parseDocuments(html, { url: 'https://example.org/a' });
  assert.equal(doc?.title, 'Embassy closed');
  assert.equal(doc?.publishedAt?.toISOString(), '2020-01-03T10:00:00.000Z');
  assert.match(doc!.text, /The embassy in Baghdad is closed\./);
  assert.doesNotMatch(doc!.text, /var x|Home \|/);
  assert.equal(doc?.url, 'https://example.org/a');
});

test('RSS and Atom feeds: one document per item', async () => {
  const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
    <item><title>One</title><link>https://e.org/1</link><pubDate>Fri, 03 Jan 2020 08:00:00 GMT</pubDate><description>&lt;p&gt;Strike in Baghdad.&lt;/p&gt;</description></item>
    <item><title>Two</title><description>Protest in Basra.</description></item></channel></rss>`;
  const docs = await parseDocuments(rss);
  assert.equal(docs.length, 2);
  assert.equal(docs[0]?.title, 'One');
  assert.equal(docs[0]?.text, 'Strike in Baghdad.');
  assert.equal(docs[0]?.publishedAt?.toISOString(), '2020-01-03T08:00:00.000Z');
  const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
    <entry><title>A</title><id>1</id><updated>2020-01-03T00:00:00Z</updated><content type="html">Embassy besieged.</content></entry></feed>`;
  const [entry] = await parseDocuments(atom);
  assert.equal(entry?.text, 'Embassy besieged.');
});

test('JSON lines: text or body, date or published', async () => {
  const docs = await parseDocuments('{"title":"a","text":"One.","date":"2020-01-03"}\n\n{"body":"Two.","published":"2020-01-02T00:00:00Z","url":"u"}\n');
  assert.deepEqual(docs.map((d) => d.text), ['One.', 'Two.']);
  assert.equal(docs[1]?.publishedAt?.toISOString(), '2020-01-02T00:00:00.000Z');
});

test('refusals carry a typed code and a one-line reason', async () => {
  const cases: [string | Uint8Array, string, string][] = [
    ['', 'empty', 'input is empty'],
    ['   \n\t ', 'empty', 'input is empty'],
    [new Uint8Array([0x68, 0x69, 0x00, 0x01]), 'binary', 'input looks binary (NUL byte at offset 2)'],
    [new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f]), 'encoding', 'input is not valid UTF-8 (byte 0xe9 at offset 3); re-encode it as UTF-8'],
    [new Uint8Array([0xff, 0xfe, 0x68, 0x00]), 'encoding', 'input is UTF-16 encoded; expected UTF-8'],
    ['{"text":"ok"}\n{"text": broken}\n', 'malformed_json', 'line 2: invalid JSON'],
    ['{"text":"ok"}\n{"title":"no text"}\n', 'malformed_json', 'line 2: missing "text" or "body"'],
    ['{"text":"ok","date":"someday"}', 'malformed_json', 'line 1: unreadable date "someday"'],
    ['<rss version="2.0"><channel><item><title>x</title></channel>', 'malformed_feed', 'malformed feed:'],
    ['date 2020-02-31\nText.', 'malformed_date', 'date header "date 2020-02-31" is not a real date'],
  ];
  for (const [input, code, message] of cases) {
    const err = await refusal(input);
    assert.equal(err.code, code, message);
    assert.ok(err.message.startsWith(message), `${err.message} should start with ${message}`);
    assert.doesNotMatch(err.message, /\n/);
  }
  assert.equal((await refusal('{"text":"ok"}\n{"text": broken}\n')).line, 2);
});

test('size limit: 5 MB by default; a 50 MB input is refused before parsing', async () => {
  const big = new Uint8Array(50 * 1024 * 1024).fill(0x7b); // "{{{…": would be a JSON error if parsed
  const started = performance.now();
  const err = await refusal(big);
  assert.equal(err.code, 'too_large');
  assert.equal(err.message, 'input is 50.0 MB, over the 5.0 MB limit');
  assert.ok(performance.now() - started < 200, 'refused without parsing');
  assert.equal((await refusal('x'.repeat(2000), { maxBytes: 1000 })).code, 'too_large');
  assert.equal((await parseDocuments('x'.repeat(900), { maxBytes: 1000 })).length, 1);
});

test('near-duplicates: 5-gram Jaccard and MinHash key', () => {
  const a = 'The State Department has urged American citizens to immediately leave Iraq, citing danger in the aftermath of a U.S. airstrike which killed General Qassem Soleimani.';
  const b = `${a} Officials said more details would follow.`;
  const c = 'Heavy monsoon rains flooded large parts of Jakarta on Monday, forcing thousands of residents from their homes.';
  assert.equal(similarity(a, a), 1);
  assert.ok(similarity(a, b) > 0.7);
  assert.ok(similarity(a, c) < 0.05);
  assert.ok(isNearDuplicate(a, a.replace('immediately', 'immediately,')));
  assert.ok(!isNearDuplicate(a, c));
  assert.equal(nearDuplicateKey(a), nearDuplicateKey(normalizeText(`  ${a}\r\n`)));
  assert.ok(sharesBand(nearDuplicateKey(a), nearDuplicateKey(a.toUpperCase())));
  assert.ok(!sharesBand(nearDuplicateKey(a), nearDuplicateKey(c)));
});
