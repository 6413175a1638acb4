/**
 * The check-in page's one script (built to /assets/checkin-push.js): the page works without it; with it, a browser
 * that can take notifications sees "Notify me on this device", which subscribes (src/push.ts) and adds
 * the subscription to the recipient's contact points through POST /c/<token>/push. Its sentences come from the
 * page (data attributes the server writes from the catalogs, in the page's language), so this script carries no text.
 */
import { PushUnavailable, subscribeThisDevice, type PushProblem } from './push';

const section = document.getElementById('push');
const button = section?.querySelector('button');
const status = section?.querySelector('[role=status]');
/** data-no-answer="…" for 'noAnswer', with the reason where the sentence has one. */
function sentence(element: HTMLElement, problem: PushProblem, reason: string): string {
  const says = (key: string) => element.dataset[key] ?? key;
  return says(problem).replace('{{reason}}', reason || says('noReason'));
}

if (section && button && status && 'serviceWorker' in navigator && 'PushManager' in window) {
  section.hidden = false;
  button.addEventListener('click', () => {
    button.disabled = true;
    status.textContent = section.dataset.working ?? '';
    void (async () => {
      try {
        const subscription = await subscribeThisDevice();
        const answer = await fetch(section.dataset.action!, {
          method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ subscription }),
        });
        if (!answer.ok) throw new PushUnavailable('failed', ((await answer.json().catch(() => ({}))) as { detail?: string }).detail ?? `HTTP ${answer.status}`);
        status.textContent = section.dataset.done ?? '';
      } catch (error) {
        status.textContent = error instanceof PushUnavailable ? sentence(section, error.problem, error.reason) : sentence(section, 'failed', (error as Error).message);
        button.disabled = false;
      }
    })();
  });
}
