import { freshToken } from "./api.js";

/**
 * Follows a project's uploads over Server-Sent Events, read with fetch rather than EventSource so the token travels
 * in the Authorization header (never in a URL that proxies and access logs keep). On any disconnect it reconnects
 * with a fresh token and Last-Event-ID, so no change is missed. Every event carries the whole upload, so the
 * caller keeps the highest version of each.
 */
export function followProject(projectId, { onUpload, onReset, onState }) {
  const url = `/api/projects/${projectId}/uploads/stream`;
  let lastEventId = null;
  let retryMs = 3000;
  let controller = null;
  let stopped = false;

  function dispatch({ type, id, data }) {
    if (id) lastEventId = id;
    if (type === "ready") onState?.("live");
    else if (type === "status" || type === "progress") onUpload(JSON.parse(data));
    else if (type === "reset") onReset?.();
    // "expired": the server closes the stream next; the loop reconnects with a fresh token.
  }

  async function readOnce() {
    controller = new AbortController();
    const headers = { accept: "text/event-stream", authorization: `Bearer ${await freshToken()}` };
    if (lastEventId) headers["last-event-id"] = lastEventId;
    const response = await fetch(url, { headers, signal: controller.signal, cache: "no-store" });
    if (!response.ok || !response.body) throw Object.assign(new Error(`stream answered ${response.status}`), { status: response.status });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
        const event = { type: "message", id: null, data: [] };
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith(":")) continue; // heartbeat
          const colon = line.indexOf(":");
          const field = colon < 0 ? line : line.slice(0, colon);
          const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
          if (field === "event") event.type = text;
          else if (field === "id") event.id = text;
          else if (field === "data") event.data.push(text);
          else if (field === "retry" && /^\d+$/.test(text)) retryMs = Number(text);
        }
        if (event.data.length || event.type === "ready") dispatch({ ...event, data: event.data.join("\n") });
      }
    }
  }

  (async () => {
    while (!stopped) {
      try {
        await readOnce();
      } catch (e) {
        if (stopped) return;
        if (e?.status === 401) { onState?.("closed"); return; } // signed out: api.js sends the person to log in
      }
      if (stopped) return;
      onState?.("reconnecting");
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  })();

  return () => {
    stopped = true;
    controller?.abort();
  };
}
