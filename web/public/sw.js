/*
 * Warden's service worker: shows an alert pushed to this device (the payload the server encrypts:
 * { type: 'warden.alert', title, body, checkinUrl, alertId, language }) and opens its check-in link
 * when the notification is tapped.
 */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const title = data.title || 'Warden alert';
  event.waitUntil(self.registration.showNotification(title, {
    body: data.body || data.text || '',
    tag: data.alertId || 'warden-alert',
    lang: data.language || undefined,
    requireInteraction: true,
    data: { url: data.checkinUrl || '/me' },
  }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || '/me';
  event.waitUntil(self.clients.openWindow(url));
});
