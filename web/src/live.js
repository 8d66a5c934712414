import { freshToken } from "./api.js";

/**
 * Follows a project's uploads over Server-Sent Events. The browser's EventSource reconnects by itself and sends
 * Last-Event-ID; when it gives up (an expired token answers 401) this opens a new one with a fresh token and the
 * last id as a query parameter, so no change is missed either way. Every event carries the whole upload, so the
 * caller keeps the highest version of each.
 */
export function followProject(projectId, { onUpload, onReset, onState }) {
  let source = null;
  let lastEventId = null;
  let stopped = false;
  let retry = null;

  const handle = (event) => {
    if (event.lastEventId) lastEventId = event.lastEventId;
    onUpload(JSON.parse(event.data));
  };

  async function connect() {
    if (stopped) return;
    let token;
    try {
      token = await freshToken();
    } catch {
      onState?.("closed");
      return;
    }
    const query = new URLSearchParams({ access_token: token });
    if (lastEventId) query.set("lastEventId", lastEventId);
    source = new EventSource(`/api/projects/${projectId}/uploads/stream?${query}`);
    source.addEventListener("ready", () => onState?.("live"));
    source.addEventListener("status", handle);
    source.addEventListener("progress", handle);
    source.addEventListener("reset", (event) => {
      if (event.lastEventId) lastEventId = event.lastEventId;
      onReset?.();
    });
    source.addEventListener("expired", () => reconnectSoon(0));
    source.onerror = () => {
      onState?.("reconnecting");
      if (source.readyState === EventSource.CLOSED) reconnectSoon(3000);
    };
  }

  function reconnectSoon(delay) {
    source?.close();
    clearTimeout(retry);
    retry = setTimeout(connect, delay);
  }

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
  };
}
