import { createRetries, createSendWindow, wasCutMidway } from "./link-policy.js";

const sleep = (ms, signal) => new Promise((resolve, reject) => {
  const timer = setTimeout(resolve, ms);
  signal?.addEventListener("abort", () => { clearTimeout(timer); reject(signal.reason ?? new DOMException("Aborted", "AbortError")); }, { once: true });
});

/**
 * Uppy's storage PUT (AwsS3's uploadPartBytes) made fit for a site link. Uppy retries a part four times within
 * 9 s and a single PUT — every photo — not at all, so a 20 s drop failed them; here every PUT is retried by
 * link-policy's createRetries. And while the link keeps cutting PUTs, fewer go at once: the send window sets the
 * limit of Uppy's request queue (which also paces its 429 handling, so the window only ever lowers or restores it).
 */
export function resilientPut(put, { queue, max }) {
  const window = createSendWindow(max);
  return async function uploadPartBytes(options) {
    const retries = createRetries();
    for (;;) {
      let sent = 0;
      const startedIn = window.started();
      const sendingSince = Date.now();
      try {
        const result = await put({ ...options, onProgress: (ev) => { sent = ev.loaded; options.onProgress?.(ev); } });
        apply(window.finished(startedIn, { arrived: true }));
        return result;
      } catch (error) {
        if (options.signal?.aborted || error?.name === "AbortError") throw error;
        const status = error?.source?.status ?? 0;
        const cutMidway = wasCutMidway(status, sent, Date.now() - sendingSince);
        apply(window.finished(startedIn, { arrived: false, cutMidway }));
        const delay = retries.failure(status, { cutMidway });
        if (delay == null) throw error;
        options.onProgress?.({ loaded: 0 }); // what the cut sent is sent again
        await sleep(delay, options.signal);
      }
    }
  };

  function apply(limit) {
    const requests = queue();
    if (!requests || requests.limit === limit) return;
    requests.limit = limit;
    if (!requests.isPaused) requests.resume(); // starts what a wider window now lets through
  }
}
