/**
 * A throwaway server for working on the web app by hand:
 *   npx tsx test/support/web-dev-server.ts [port]
 * Fresh embedded database, Baghdad demo data, operators from web-app.ts (password printed).
 */
import { ensureWebBuild, operatorPassword, startWebServer, webOperators } from './web-app.js';

ensureWebBuild();
const server = await startWebServer({ port: Number(process.argv[2] ?? 8090), travellers: 300 });
console.log(`listening on ${server.url}; operators ${webOperators.map((o) => o.email).join(', ')} / ${operatorPassword}`);
const stop = async () => { await server.close(); process.exit(0); };
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
