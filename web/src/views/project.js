import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { followProject } from "../live.js";
import { canUpload, session } from "../session.js";
import { createUploader } from "../uploader.js";
import { kindOf, renderCard } from "./card.js";
import { renderPipelineRow } from "./pipeline.js";

const PageSize = 48;
const LinkLifetimeMs = 4 * 60_000;
const hidden = new Set(["Deleted", "Expired"]);

/**
 * One project: Uppy to add files (not for investors), the files in flight with their pipeline stages, and the
 * grid. Everything after the first load comes from the project's live stream; each event holds the whole upload
 * and only a higher version replaces what is shown.
 */
export async function renderProject(root, projectId, { onCleanup }) {
  const me = session();
  const uploads = new Map();       // id → UploadView
  const pipeline = new Map();      // id → { uploadId, fileName, upload, percent, error }
  const links = new Map();         // id → { url, at }
  const members = new Map();
  const filters = { status: "", type: "" };
  let nextCursor = null;

  const live = h("span", { class: "hint", "data-testid": "live" }, "…");
  const notice = h("p", { class: "notice error", role: "alert", "data-testid": "notice", hidden: true });
  const pipelineList = h("ul", { class: "pipeline", "data-testid": "pipeline" });
  const grid = h("section", { class: "grid", "data-testid": "grid" });
  const more = h("button", { class: "btn secondary more", type: "button", hidden: true, onclick: () => load(false) }, t("project.more"));
  const uploaderTarget = h("div", { class: "uploader", "data-testid": "uploader" });
  const offlineQueue = h("p", { class: "notice", "data-testid": "offline-queue", hidden: true });

  const [projects, memberList] = await Promise.all([
    api("/api/projects"),
    api(`/api/projects/${projectId}/members`).catch(() => []),
  ]);
  for (const m of memberList) members.set(m.userId, m.displayName);
  const project = projects.find((p) => p.id === projectId);

  mount(root,
    h("h1", {}, project?.name ?? projectId, " ", live),
    notice,
    canUpload(me)
      ? h("section", {}, h("h2", {}, t("project.upload")), offlineQueue, uploaderTarget)
      : h("p", { class: "hint", "data-testid": "read-only" }, t("project.readOnly")),
    h("section", { hidden: true, id: "pipeline-section" }, h("h2", {}, t("project.pipeline")), pipelineList),
    h("h2", {}, t("project.files")),
    h("div", { class: "filters" },
      h("label", {}, `${t("filter.status")} `, h("select", { "data-testid": "filter-status", onchange: (e) => { filters.status = e.target.value; load(true); } },
        h("option", { value: "" }, t("filter.all")),
        ["Processed", "Requested", "Received", "Scanned", "Quarantined", "Failed"].map((s) => h("option", { value: s }, t(`status.${s}`))))),
      h("label", {}, `${t("filter.type")} `, h("select", { "data-testid": "filter-type", onchange: (e) => { filters.type = e.target.value; renderGrid(); } },
        h("option", { value: "" }, t("filter.all")),
        ["photo", "pdf", "document"].map((k) => h("option", { value: k }, t(`type.${k}`)))))),
    grid,
    more);

  const matches = (u) => !hidden.has(u.status)
    && (!filters.status || u.status === filters.status)
    && (!filters.type || kindOf(u.contentType) === filters.type);

  const ordered = () => [...uploads.values()].filter(matches)
    .sort((a, b) => (b.stages.requestedAt ?? "").localeCompare(a.stages.requestedAt ?? "") || b.id.localeCompare(a.id));

  // The API's rule (DeleteUploadEndpoint): a constructora deletes any file; an empleado only its own, and only
  // before it is Processed or Quarantined. Offer nothing the API would refuse.
  const canDelete = (u) => me.role === "constructora"
    || (me.role === "empleado" && u.uploaderId === me.userId && u.status !== "Processed" && u.status !== "Quarantined");

  /** What the API said when it refused an action (its problem's detail), until the next action. */
  function refused(error) {
    notice.textContent = t("action.refused", { detail: error.message });
    notice.hidden = false;
  }

  function card(u) {
    const link = links.get(u.id);
    return renderCard(u, {
      thumbnailUrl: link?.url,
      uploaderName: u.uploaderId === me.userId ? t("card.you") : members.get(u.uploaderId) ?? u.uploaderId.slice(0, 8),
      canDelete: canDelete(u),
      onOpen: openOriginal,
      onDelete: remove,
    });
  }

  function renderGrid() {
    const items = ordered();
    mount(grid, items.length ? items.map(card) : h("p", { class: "empty" }, t("project.empty")));
    more.hidden = !nextCursor;
    requestThumbnails(items);
  }

  function renderOne(u) {
    const existing = grid.querySelector(`[data-id="${u.id}"]`);
    if (!matches(u)) { existing?.remove(); return; }
    if (existing) existing.replaceWith(card(u));
    else renderGrid();
    requestThumbnails([u]);
  }

  function renderPipeline() {
    document.getElementById("pipeline-section").hidden = pipeline.size === 0;
    mount(pipelineList, [...pipeline.values()].map(renderPipelineRow));
  }

  /** A newer state of an upload, from the list, the live stream or an API answer. */
  function accept(u) {
    const known = uploads.get(u.id);
    if (known && known.version >= u.version) return;
    uploads.set(u.id, u);
    const entry = pipeline.get(u.id);
    if (entry) { entry.upload = u; if (u.stages.receivedAt) entry.percent = 100; renderPipeline(); }
    renderOne(u);
  }

  let pendingThumbs = new Set();
  let thumbTimer = null;
  function requestThumbnails(items) {
    for (const u of items) {
      const link = links.get(u.id);
      const stale = !link || Date.now() - link.at > LinkLifetimeMs;
      if ((u.status === "Processed" || u.status === "Scanned") && u.renditions.length && stale) pendingThumbs.add(u.id);
    }
    clearTimeout(thumbTimer);
    if (pendingThumbs.size) thumbTimer = setTimeout(fetchThumbnails, 100);
  }

  async function fetchThumbnails() {
    const ids = [...pendingThumbs].slice(0, 200);
    pendingThumbs = new Set([...pendingThumbs].slice(200));
    const answer = await api(`/api/projects/${projectId}/uploads/content-links`, {
      method: "POST",
      body: { uploadIds: ids, renditions: ["thumb-200", "preview-800"] },
    }).catch(() => null);
    for (const link of answer?.links ?? []) {
      links.set(link.uploadId, { url: link.url, at: Date.now() });
      const u = uploads.get(link.uploadId);
      if (u) renderOne(u);
    }
    if (pendingThumbs.size) fetchThumbnails();
  }

  async function openOriginal(u) {
    if (u.status !== "Processed" && u.status !== "Scanned") return;
    notice.hidden = true;
    try {
      const answer = await api(`/api/projects/${projectId}/uploads/content-links`, { method: "POST", body: { uploadIds: [u.id], renditions: ["original"] } });
      if (answer.links[0]) window.open(answer.links[0].url, "_blank", "noopener");
    } catch (e) {
      refused(e);
    }
  }

  async function remove(u) {
    if (!confirm(t("card.confirmDelete", { name: u.fileName }))) return;
    notice.hidden = true;
    try {
      await api(`/api/uploads/${u.id}`, { method: "DELETE" });
      grid.querySelector(`[data-id="${u.id}"]`)?.remove();
    } catch (e) {
      refused(e);
    }
  }

  async function load(reset) {
    const query = new URLSearchParams({ limit: String(PageSize) });
    if (filters.status) query.set("status", filters.status);
    if (!reset && nextCursor) query.set("cursor", nextCursor);
    const page = await api(`/api/projects/${projectId}/uploads?${query}`);
    if (reset) uploads.clear();
    for (const u of page.items) {
      const known = uploads.get(u.id);
      if (!known || known.version < u.version) uploads.set(u.id, u);
    }
    nextCursor = page.nextCursor;
    renderGrid();
  }

  // The stream first, then the list: a change in between arrives on the stream, and versions sort it out.
  const stop = followProject(projectId, {
    onUpload: (event) => {
      if (event.progress && pipeline.has(event.upload.id)) {
        const entry = pipeline.get(event.upload.id);
        entry.percent = Math.max(entry.percent ?? 0, Math.round(100 * event.progress.bytesConfirmed / Math.max(1, event.upload.size)));
      }
      accept(event.upload);
    },
    onReset: () => load(true),
    onState: (state) => { live.textContent = state === "live" ? `● ${t("project.live")}` : t("project.offline"); live.dataset.state = state; },
  });
  onCleanup(stop);
  await load(true);

  if (canUpload(me)) {
    const uploader = createUploader(uploaderTarget, projectId, {
      onTicket: (ticket, file) => {
        pipeline.set(ticket.uploadId, { uploadId: ticket.uploadId, fileName: file.name, upload: uploads.get(ticket.uploadId), percent: 0 });
        renderPipeline();
      },
      onProgress: (uploadId, fraction) => {
        const entry = pipeline.get(uploadId);
        if (entry && !entry.upload?.stages?.receivedAt) { entry.percent = Math.round(fraction * 100); renderPipeline(); }
      },
      onCompleted: accept,
      onFailed: (uploadId, message) => {
        const entry = pipeline.get(uploadId);
        if (entry) { entry.error = message; renderPipeline(); }
      },
      onWaiting: (count) => {
        offlineQueue.hidden = count === 0;
        offlineQueue.dataset.count = String(count);
        offlineQueue.textContent = t("project.waitingForSignal", { count });
      },
    });
    onCleanup(uploader.destroy);
  }
}
