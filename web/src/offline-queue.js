/**
 * Files chosen or photographed where there is no signal. Golden Retriever already keeps every added file in
 * IndexedDB (and its metadata in localStorage), so a closed tab or a restarted phone still has them; this marks
 * them as waiting and starts their upload when the browser is back online — in this tab, or in the next one
 * opened on the project. They then go through the same initiation, checksum, dedupe and resume as any upload.
 */
export function queueWhileOffline(uppy, { onWaiting }) {
  const waiting = () => uppy.getFiles().filter((file) => file.meta.bpWaiting && !file.progress.uploadComplete);
  const report = () => onWaiting(waiting().length);

  function hold(files) {
    for (const file of files) uppy.setFileMeta(file.id, { bpWaiting: true });
    report();
  }

  function sendWaiting() {
    if (!navigator.onLine) return;
    const files = waiting();
    if (files.length === 0) return;
    for (const file of files) uppy.setFileMeta(file.id, { bpWaiting: false });
    report();
    // Restored files wait for the person to confirm; files kept offline were confirmed when they were added.
    if (uppy.getState().recoveredState) uppy.emit("restore-confirmed");
    else uppy.upload().catch(() => {});
  }

  uppy.on("file-added", (file) => { if (!navigator.onLine) hold([file]); });
  uppy.on("restored", () => { report(); sendWaiting(); });

  function online() {
    sendWaiting();
    // Uploads the network broke off mid-way (retries exhausted) go on from their stored parts.
    if (uppy.getFiles().some((file) => file.error)) uppy.retryAll().catch(() => {});
  }
  window.addEventListener("online", online);

  return {
    /** Uppy's onBeforeUpload: with no signal, keep the files for later instead of failing them. */
    beforeUpload(files) {
      if (navigator.onLine) return files;
      hold(Object.values(files));
      return false;
    },
    dispose: () => window.removeEventListener("online", online),
  };
}
