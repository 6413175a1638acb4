/**
 * The check-in page's one script (built to /assets/checkin-push.js): the page works without it; with it, a browser
 * that can take notifications sees "Notify me on this device", which subscribes (src/push.ts) and adds
 * the subscription to the recipient's contact points through POST /c/<token>/push.
 */
import { PushUnavailable, subscribeThisDevice } from './push';

const section = document.getElementById('push');
const button = section?.querySelector('button');
const status = section?.querySelector('[role=status]');
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
        if (!answer.ok) throw new PushUnavailable(((await answer.json().catch(() => ({}))) as { detail?: string }).detail ?? `the server answered ${answer.status}`);
        status.textContent = section.dataset.done ?? '';
      } catch (error) {
        status.textContent = error instanceof PushUnavailable ? error.message : `Notifications could not be set up: ${(error as Error).message}`;
        button.disabled = false;
      }
    })();
  });
}
