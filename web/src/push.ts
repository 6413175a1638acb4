/**
 * Subscribing this browser to web push: registers /sw.js, asks for permission, subscribes with
 * the server's VAPID key (GET /api/public/webpush/key) and answers the subscription as JSON, the
 * address of a `webpush` contact point. Every failure becomes one sentence a person can act on;
 * a push service that never answers (blocked networks, browsers without one) times out.
 */
const SUBSCRIBE_TIMEOUT_MS = 15_000;

export class PushUnavailable extends Error {}

function keyBytes(base64url: string): Uint8Array {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PushUnavailable(message)), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });
}

export async function subscribeThisDevice(): Promise<string> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    throw new PushUnavailable('This browser cannot receive notifications. We will keep using your e-mail and phone.');
  }
  const keyAnswer = await fetch('/api/public/webpush/key');
  if (!keyAnswer.ok) throw new PushUnavailable('Notifications are not set up on this Warden. We will keep using your e-mail and phone.');
  const { publicKey } = (await keyAnswer.json()) as { publicKey: string };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushUnavailable('Notifications are blocked for this site. Allow them in the browser settings, then try again.');
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  try {
    const subscription = await withTimeout(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) as BufferSource }),
      SUBSCRIBE_TIMEOUT_MS, 'The browser’s push service did not answer. We will keep using your e-mail and phone.');
    return JSON.stringify(subscription.toJSON());
  } catch (error) {
    if (error instanceof PushUnavailable) throw error;
    throw new PushUnavailable(`The browser’s push service refused: ${(error as Error).message || 'no reason given'}. We will keep using your e-mail and phone.`);
  }
}
