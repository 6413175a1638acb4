import { channelLabels, type Reach } from '../alert-types';
import type { ChannelName } from '../../../../src/vocabulary';

/** People reached, per channel, and how many have no way to be reached. */
export function ReachSummary({ reach }: { reach: Reach }) {
  return (
    <>
      <strong>{reach.people.toLocaleString('en')} people</strong>
      <ul className="plain reach" aria-label="Reach per channel">
        {Object.entries(reach.byChannel).map(([c, n]) => <li key={c}>{n.toLocaleString('en')} by {channelLabels[c as ChannelName] ?? c}</li>)}
        <li className={reach.unreachable ? 'error' : 'muted'}>{reach.unreachable.toLocaleString('en')} not reachable (no contact point)</li>
      </ul>
    </>
  );
}
