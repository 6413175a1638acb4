/**
 * Subscribing this browser to web push: registers /sw.js, asks for permission, subscribes with
 * the server's VAPID key (GET /api/public/webpush/key) and answers the subscription as JSON, the
 * address of a `webpush` contact point. Every failure is a PushUnavailable naming its problem, a key of
 * the catalogs' `push` part that the caller shows in the page's language (one sentence a person can act on);
 * a push service that never answers (blocked networks, browsers without one) times out.
 */
const SUBSCRIBE_TIMEOUT_MS = 15_000;

export type PushProblem = 'unsupported' | 'notConfigured' | 'blocked' | 'noAnswer' | 'refused' | 'failed';

export class PushUnavailable extends Error {
  constructor(readonly problem: PushProblem, readonly reason = '') {
    super(reason ? `${problem}: ${reason}` : problem);
  }
}

function keyBytes(base64url: string): Uint8Array {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PushUnavailable('noAnswer')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e: unknown) => { clearTimeout(timer); reject(e); });
  });
}

export async function subscribeThisDevice(): Promise<string> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    throw new PushUnavailable('unsupported');
  }
  const keyAnswer = await fetch('/api/public/webpush/key');
  if (!keyAnswer.ok) throw new PushUnavailable('notConfigured');
  const { publicKey } = (await keyAnswer.json()) as { publicKey: string };
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushUnavailable('blocked');
  const registration = await navigator.serviceWorker.register('/sw.js');
  await navigator.serviceWorker.ready;
  try {
    const subscription = await withTimeout(
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) as BufferSource }),
      SUBSCRIBE_TIMEOUT_MS);
    return JSON.stringify(subscription.toJSON());
  } catch (error) {
    if (error instanceof PushUnavailable) throw error;
    throw new PushUnavailable('refused', (error as Error).message);
  }
}
