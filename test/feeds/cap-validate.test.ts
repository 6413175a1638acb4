import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';
import { applyProcessSettings } from '../../src/process-settings.js';
import { capSchemaPath, CapSchemaMissingError, validateCapXml } from '../../src/feeds/cap-validate.js';
import { writeCap } from '../../src/feeds/cap-writer.js';
import { SAMPLE_ALERT, testdata } from './fixtures.js';

describe('validateCapXml', () => {
  it('fails a document missing the required <scope>, naming it', async () => {
    const xml = writeCap(SAMPLE_ALERT).replace(/\s*<scope>Public<\/scope>/, '');
    const result = await validateCapXml(xml);
    assert.equal(result.valid, false);
    assert.ok(result.errors.some((e) => /scope/.test(e)), result.errors.join('\n'));
  });

  it('fails a document missing the required <event>, naming it', async () => {
    const xml = writeCap(SAMPLE_ALERT).replace(/\s*<event>[^<]*<\/event>/g, '');
    const result = await validateCapXml(xml);
    assert.equal(result.valid, false);
    assert.ok(result.errors.some((e) => /event/.test(e)), result.errors.join('\n'));
  });

  it('fails a date with Z instead of a numeric offset', async () => {
    const xml = writeCap(SAMPLE_ALERT).replace('2020-01-03T06:15:00+00:00</sent>', '2020-01-03T06:15:00Z</sent>');
    const result = await validateCapXml(xml);
    assert.equal(result.valid, false);
    assert.ok(result.errors.some((e) => /sent/.test(e)), result.errors.join('\n'));
  });

  it('accepts real CAP 1.2 alerts from other agencies', async () => {
    for (const name of ['australia.cap', 'canada.cap', 'wcatwc-warning.cap']) {
      const result = await validateCapXml(testdata(name).toString('utf8'));
      assert.deepEqual(result, { valid: true, errors: [] }, name);
    }
  });

  it('refuses a document with a DOCTYPE without handing it to libxml2', async () => {
    const result = await validateCapXml(testdata('xee.cap').toString('utf8'));
    assert.equal(result.valid, false);
    assert.match(result.errors[0]!, /DOCTYPE/);
  });

  it('resolves the schema shipped in the repository, overridable by WARDEN_CAP_XSD', () => {
    assert.match(capSchemaPath({}), /[/\\]src[/\\]feeds[/\\]schema[/\\]cap12\.xsd$/);
    // The shipped copy is the official schema, byte for byte.
    assert.equal(readFileSync(capSchemaPath({}), 'utf8'), readFileSync(new URL('../../../shared/testdata/cap/cap12.xsd', import.meta.url), 'utf8'));
    assert.equal(capSchemaPath({ WARDEN_CAP_XSD: '/opt/cap/cap12.xsd' }), '/opt/cap/cap12.xsd');
  });

  it('rejects with CapSchemaMissingError when the schema file is absent', async () => {
    applyProcessSettings(loadConfig({ WARDEN_CAP_XSD: '/nonexistent/warden/cap12.xsd' }));
    try {
      await assert.rejects(validateCapXml(writeCap(SAMPLE_ALERT)), (err: unknown) => {
        return err instanceof CapSchemaMissingError && /WARDEN_CAP_XSD/.test(err.message) && err.schemaPath === '/nonexistent/warden/cap12.xsd';
      });
    } finally {
      applyProcessSettings(loadConfig({}));
    }
  });
});
