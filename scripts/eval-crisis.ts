/**
 * Crisis-news corpus figures (issue 14): `npm run eval:crisis` (add `--errors` to list every miss).
 * The corpus and the scoring are in test/intake/crisis-corpus/.
 */
import { loadCorpus, scoreCorpus } from '../test/intake/crisis-corpus/score.js';

const s = scoreCorpus(loadCorpus());
const pct = (n: number, of: number) => `${n}/${of} (${of ? ((100 * n) / of).toFixed(1) : '–'} %)`;
console.log(`articles ${s.articles}, expected events ${s.expected}, events found ${s.events}`);
console.log(`type ${pct(s.type, s.expected)}; place ${pct(s.place, s.expected)}; date ${pct(s.date, s.expected)}`);
console.log(`draft's main event ${pct(s.mainKind.right, s.mainKind.of)}; figures of speech ignored ${pct(s.absent.right, s.absent.of)}; departure advice ${pct(s.depart.right, s.depart.of)}`);
console.log(`events beyond the expected ones (secondary or spurious) ${pct(s.spurious, s.events)}; dates in 1970: ${s.dates1970}`);
if (process.argv.includes('--errors')) for (const m of s.misses) console.log(`  ${m}`);
