// The header's unread count listens for this after notifications are marked read.
const EVENT = 'plein:unread-changed';

export function notifyUnreadChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onUnreadChanged(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
