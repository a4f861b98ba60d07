/**
 * One EventSource on /can-bo/su-kien per page, shared by everything that listens
 * (the live queue, the notification bell): a session may hold only a few streams,
 * and one is enough. Opened with the first listener, closed with the last.
 */
export interface LiveListener {
  /** A tip of the user's units changed, or a notification was created for them (ids only). */
  onEvent?: () => void;
  /** The stream is open (true) or broken, reconnecting (false). */
  onState?: (open: boolean) => void;
}

const listeners = new Set<LiveListener>();
let source: EventSource | null = null;

export function listenLive(listener: LiveListener): () => void {
  if (typeof EventSource === "undefined") return () => {};
  listeners.add(listener);
  if (!source) {
    source = new EventSource("/can-bo/su-kien");
    source.addEventListener("open", () => listeners.forEach((l) => l.onState?.(true)));
    source.addEventListener("error", () => listeners.forEach((l) => l.onState?.(false)));
    source.addEventListener("tip", () => listeners.forEach((l) => l.onEvent?.()));
  } else if (source.readyState === EventSource.OPEN) {
    listener.onState?.(true);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
    }
  };
}
