import { channelLabels, type Reach } from '../alert-types';
import type { ChannelName } from '../../../../src/vocabulary';

/** People reached, per channel, and how many have no way to be reached. */
export function ReachSummary({ reach }: { reach: Reach }) {
  return (
    <>
      <strong>{reach.people.toLocaleString('en')} people</strong>
      <ul className="plain reach" aria-label="Reach per channel">
        {Object.entries(reach.byChannel).map(([c, n]) => <li key={c}>{channelLabels[c as ChannelName] ?? c}: {n.toLocaleString('en')}</li>)}
        <li className={reach.unreachable ? 'error' : 'muted'}>Not reachable (no contact point): {reach.unreachable.toLocaleString('en')}</li>
      </ul>
    </>
  );
}
