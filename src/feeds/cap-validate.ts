/**
 * Validates a CAP document against the official OASIS CAP 1.2 schema with
 * libxml2 compiled to WebAssembly (xmllint-wasm), so no system package is
 * needed. The schema ships in the repository (src/feeds/schema/cap12.xsd, with its
 * licence notice), so `npm run check:feeds` works on a fresh clone.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { processSettings } from '../process-settings.js';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import { findDeclaration } from './safe-xml.js';

export class CapSchemaMissingError extends Error {
  override readonly name = 'CapSchemaMissingError';
  constructor(readonly schemaPath: string) {
    super(
      `CAP 1.2 schema not found at ${schemaPath}. ` +
        'It ships in the repository as src/feeds/schema/cap12.xsd; ' +
        'set WARDEN_CAP_XSD to its path.',
    );
  }
}

export interface CapValidationResult {
  valid: boolean;
  errors: string[];
}

/** The schema path: WARDEN_CAP_XSD, else the copy shipped in src/feeds/schema/. */
export function capSchemaPath(env: { WARDEN_CAP_XSD?: string }): string {
  if (env.WARDEN_CAP_XSD) return path.resolve(env.WARDEN_CAP_XSD);
  return path.resolve(findRepoRoot(), 'src/feeds/schema/cap12.xsd');
}

// Walk up from this file to the nearest package.json, so the answer is the same
// whether this runs from src/ through tsx or from a compiled copy.
function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cap-validate: no package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

let schemaCache: { path: string; text: string } | undefined;

async function loadSchema(schemaPath: string): Promise<string> {
  if (schemaCache?.path === schemaPath) return schemaCache.text;
  const text = await readFile(schemaPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new CapSchemaMissingError(schemaPath);
    throw err;
  });
  schemaCache = { path: schemaPath, text };
  return text;
}

/**
 * Resolves with the schema verdict and libxml2's messages ("line N: …").
 * Rejects with CapSchemaMissingError when the schema file is absent.
 */
export async function validateCapXml(xml: string): Promise<CapValidationResult> {
  const schema = await loadSchema(capSchemaPath({ WARDEN_CAP_XSD: processSettings().capSchemaPath }));
  // libxml2 does not fetch external entities by default; refusing DTDs here
  // as well keeps the validator from ever being the weak spot.
  const declaration = findDeclaration(xml);
  if (declaration) return { valid: false, errors: [`${declaration} declarations are not allowed`] };
  const result = await validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [schema] });
  const errors = result.errors.map((e) => (e.loc ? `line ${e.loc.lineNumber}: ${e.message}` : e.message));
  return { valid: result.valid, errors };
}
