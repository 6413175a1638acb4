import { useState, type SyntheticEvent } from 'react';
import { Link } from '../router';
import { useFetch } from '../useFetch';

interface Summary { id: number; channel: string; recipient: string; subject: string | null; preview: string; capturedAt: string }
interface Message extends Omit<Summary, 'preview'> {
  deliveryId: string; text: string; html: string | null; payload: unknown; checkinUrl: string | null;
  sms: { text: string; segments: number; encoding: string } | null;
}
interface Mode { captured: string[]; refusal: string | null }

/** The banner on every console page: messages are captured, not sent (or publishing is refused). */
export function CaptureBanner() {
  const { data } = useFetch<Mode>('/api/mailbox/mode');
  if (!data || (!data.captured.length && !data.refusal)) return null;
  return (
    <p className="banner" role="status" data-testid="capture-banner">
      {data.refusal
        ? <>Publishing is refused: {data.refusal}</>
        : <>Messages on {data.captured.join(', ')} are <strong>captured, not sent</strong>: read them in the <Link href="/console/mailbox">Mailbox</Link>.</>}
    </p>
  );
}

/** The local mailbox: every captured message as it would have been sent (editors and up; each read is audited). */
export function Mailbox() {
  const [recipient, setRecipient] = useState('');
  const [channel, setChannel] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  const query = new URLSearchParams({ limit: '100', ...(recipient ? { recipient } : {}), ...(channel ? { channel } : {}) });
  const list = useFetch<{ items: Summary[]; total: number }>(`/api/mailbox?${query}`, 5000);
  return (
    <section className="mailbox">
      <h1>Mailbox</h1>
      <p className="muted">What Warden would have sent, per recipient and channel. Nothing here left this machine.</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>Recipient <input value={recipient} onChange={(e) => setRecipient(e.target.value)} placeholder="e-mail or phone" /></label>
        <label>Channel <select value={channel} onChange={(e) => setChannel(e.target.value)}>
          <option value="">all</option><option value="email">e-mail</option><option value="sms">SMS</option>
          <option value="webhook">webhook</option><option value="webpush">web push</option>
        </select></label>
      </form>
      {list.error && <p role="alert" className="error">{list.error.message}</p>}
      {list.data && <p data-testid="mailbox-total">{list.data.total} captured messages</p>}
      <div className="mailbox-panes">
        <ul className="mailbox-list">
          {list.data?.items.map((m) => (
            <li key={m.id}>
              <button type="button" className={`link${open === m.id ? ' current' : ''}`} onClick={() => setOpen(m.id)} aria-pressed={open === m.id}>
                <span className="tag">{m.channel}</span> <strong>{m.recipient}</strong><br />
                <span className="muted">{m.subject ?? m.preview.slice(0, 80)}</span>
              </button>
            </li>
          ))}
        </ul>
        {open !== null && <CapturedMessage key={open} id={open} />}
      </div>
    </section>
  );
}

function CapturedMessage({ id }: { id: number }) {
  const { data, error } = useFetch<Message>(`/api/mailbox/${id}`);
  if (error) return <p role="alert" className="error">{error.message}</p>;
  if (!data) return <p aria-busy="true">Loading…</p>;
  return (
    <article className="card mailbox-message" data-testid="captured-message">
      <p className="muted">{data.channel} to <strong>{data.recipient}</strong> · {new Date(data.capturedAt).toLocaleString()}</p>
      {data.subject && <h2>{data.subject}</h2>}
      {data.checkinUrl && <p>Check-in link: <a href={data.checkinUrl} target="_blank" rel="noreferrer" data-testid="checkin-link">{data.checkinUrl}</a></p>}
      {data.sms && (
        <>
          <p data-testid="sms-segments">{data.sms.segments} SMS segment{data.sms.segments === 1 ? '' : 's'}, {data.sms.encoding}</p>
          <pre className="sms">{data.sms.text}</pre>
        </>
      )}
      {data.html
        ? <EmailFrame html={data.html} recipient={data.recipient} />
        : !data.sms && <pre>{data.text}</pre>}
    </article>
  );
}

/**
 * The e-mail as a mail client shows it, as tall as its content (no second scroll bar). The frame runs
 * no script (no allow-scripts) but shares the console's origin, so the console can measure its height;
 * an opaque-origin frame is drawn by another renderer and came out blank in screenshots.
 */
function EmailFrame({ html, recipient }: { html: string; recipient: string }) {
  const [height, setHeight] = useState<number | null>(null);
  const fit = (event: SyntheticEvent<HTMLIFrameElement>) => {
    const page = event.currentTarget.contentDocument?.documentElement;
    if (page) setHeight(page.scrollHeight + 2);
  };
  return (
    <iframe title={`E-mail to ${recipient}`} sandbox="allow-same-origin" srcDoc={html} className="email-frame" onLoad={fit}
      style={height ? { height } : undefined} data-fitted={height ? 'true' : undefined} />
  );
}
