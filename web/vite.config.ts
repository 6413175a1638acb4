import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * `virtual:iso-numeric`: ISO 3166-1 numeric → alpha-2, computed at build time from
 * i18n-iso-countries, so the world-atlas shapes (keyed by numeric id) can be
 * coloured by advisory without shipping the whole package to the browser.
 */
function isoNumeric(): Plugin {
  const id = 'virtual:iso-numeric';
  return {
    name: 'warden-iso-numeric',
    resolveId: (source) => (source === id ? `\0${id}` : null),
    load(resolved) {
      if (resolved !== `\0${id}`) return null;
      const countries = require('i18n-iso-countries') as { getNumericCodes(): Record<string, string> };
      return `export default ${JSON.stringify(countries.getNumericCodes())};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), isoNumeric()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    rollupOptions: {
      // The check-in page (server-rendered) loads one script at a fixed name: /assets/checkin-push.js.
      input: { main: fileURLToPath(new URL('index.html', import.meta.url)), 'checkin-push': fileURLToPath(new URL('src/checkin-push.ts', import.meta.url)) },
      output: { entryFileNames: (chunk) => (chunk.name === 'checkin-push' ? 'assets/checkin-push.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/feeds': 'http://127.0.0.1:8080', '/c/': 'http://127.0.0.1:8080' } },
});
