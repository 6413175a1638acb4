import { diffWords } from './diff';

export function Diff({ label, before, after }: { label: string; before: string; after: string }) {
  const changed = before !== after;
  return (
    <div className={`diff-row${changed ? ' changed' : ''}`}>
      <dt>{label}{changed ? <span className="sr-only"> (changed)</span> : null}</dt>
      <dd>
        {changed
          ? diffWords(before, after).map((p, i) =>
            p.kind === 'same' ? <span key={i}>{p.text}</span> : p.kind === 'added' ? <ins key={i}>{p.text}</ins> : <del key={i}>{p.text}</del>)
          : <span className="muted">{after || '—'}</span>}
      </dd>
    </div>
  );
}
