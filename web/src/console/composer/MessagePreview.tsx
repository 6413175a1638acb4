import { languageNames, type Preview } from '../alert-types';
import { rightToLeftLanguages, type Language } from '../../../../src/vocabulary';

/** The e-mail and the SMS per language as the server renders them for sending (see POST /api/alerts/preview). */
export function MessagePreview({ preview, error }: { preview: Preview | null; error?: string | null }) {
  if (error) return <p role="alert" className="error">Preview: {error}</p>;
  if (!preview) return <p className="muted">The preview appears when the text and the area are filled in.</p>;
  return (
    <>
      {preview.items.map((item) => {
        const lang = item.language as Language;
        const dir = rightToLeftLanguages.includes(lang) ? 'rtl' : 'ltr';
        const { sms } = item;
        return (
          <article key={item.language} className="preview-block" data-testid={`preview-${item.language}`} aria-label={`${languageNames[lang] ?? item.language} messages`}>
            <h3>{languageNames[lang] ?? item.language}</h3>
            <div className="preview-pair">
              <div>
                <h4>SMS <span className="muted small" data-testid={`sms-meta-${item.language}`}>{sms.characters} characters · {sms.encoding} · {sms.segments} segment{sms.segments === 1 ? '' : 's'}</span></h4>
                {sms.encoding === 'UCS-2' && <p className="muted small">UCS-2: 70 characters fit one SMS, 67 per segment once split.</p>}
                <pre className="preview sms" dir={dir} lang={item.language}>{sms.text}</pre>
              </div>
              <div>
                <h4>E-mail</h4>
                <p dir={dir} lang={item.language}><strong>Subject:</strong> {item.email.subject}</p>
                {/* The HTML part as sent; sandbox="" gives it no scripts, no forms, no same-origin access. */}
                <iframe className="preview email-html" sandbox="" srcDoc={item.email.html} title={`E-mail in ${languageNames[lang] ?? item.language}, as sent (HTML)`} data-testid={`email-html-${item.language}`} />
                <details><summary>Plain-text part</summary><pre className="preview" dir={dir} lang={item.language}>{item.email.text}</pre></details>
              </div>
            </div>
          </article>
        );
      })}
      <p className="muted small break">Each recipient gets their own check-in link in place of {preview.linkPlaceholder}.</p>
    </>
  );
}
