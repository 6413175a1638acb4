import { useState, type FormEvent } from 'react';
import { put, type Post } from '../api';
import { formatDate, postStatusLabels } from '../levels';
import { useFetch } from '../useFetch';
import { can, useOperator } from './session';
import { StatusRequests, type StatusRequest } from './StatusRequests';

export function PostStatus() {
  const op = useOperator();
  const posts = useFetch<{ items: Post[] }>('/api/posts');
  const requests = useFetch<{ items: StatusRequest[] }>(can(op, 'editor') ? '/api/posts/status-requests?state=pending' : null, 10_000);
  const reloadAll = () => { posts.reload(); requests.reload(); };
  return (
    <>
      <h1>Post status</h1>
      {posts.error && <p role="alert" className="error">{posts.error.message}</p>}
      {can(op, 'editor') && <StatusRequests items={requests.data?.items ?? []} posts={posts.data?.items ?? []} onDecided={reloadAll} />}
      <div className="post-grid">{(posts.data?.items ?? []).map((p) => <PostForm key={p.id + p.updatedAt} post={p} onSaved={reloadAll} />)}</div>
    </>
  );
}

function PostForm({ post, onSaved }: { post: Post; onSaved: () => void }) {
  const op = useOperator();
  const [status, setStatus] = useState(post.status);
  const [message, setMessage] = useState(post.statusMessage);
  const [doNotApproach, setDoNotApproach] = useState(post.doNotApproach);
  const [posture, setPosture] = useState(post.departurePosture);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const id = `post-${post.slug}`;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const answer = await put<{ request?: { id: string } }>(`/api/posts/${post.slug}/status`, { status, message, doNotApproach, departurePosture: posture });
      // Suspending or closing a post needs a second approver: the change waits until then.
      setResult({ ok: true, text: answer?.request ? 'Sent for approval: a second operator must approve suspending, closing or reopening a post, lifting “do not approach” and changing the departure posture.' : 'Saved.' });
      onSaved();
    } catch (e) { setResult({ ok: false, text: (e as Error).message }); }
  };
  return (
    <form className="card" onSubmit={save} aria-labelledby={id}>
      <h2 id={id}>{post.name} <span className="muted">({post.city}, {post.countryCode})</span></h2>
      <p className="muted">{postStatusLabels[post.status]} since {formatDate(post.statusSince)}</p>
      <label>Service status
        <select value={status} onChange={(e) => setStatus(e.target.value as Post['status'])}>
          {Object.entries(postStatusLabels).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
        </select>
      </label>
      <label>Message to the public <textarea rows={3} value={message} onChange={(e) => setMessage(e.target.value)} /></label>
      <label className="check"><input type="checkbox" checked={doNotApproach} onChange={(e) => setDoNotApproach(e.target.checked)} /> Do not approach the post</label>
      <label>Departure posture
        <select value={posture} onChange={(e) => setPosture(e.target.value as Post['departurePosture'])}>
          <option value="none">None</option><option value="authorized">Authorized departure</option><option value="ordered">Ordered departure</option>
        </select>
      </label>
      {result && <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'ok' : 'error'}>{result.text}</p>}
      <button type="submit" disabled={!can(op, 'editor')}>Save status</button>
    </form>
  );
}
