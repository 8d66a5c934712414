import { h } from "../dom.js";
import { formatBytes, formatDateTime, t } from "../i18n.js";
import { reasonText, stageName } from "../reasons.js";

export const kindOf = (contentType) =>
  contentType.startsWith("image/") ? "photo" : contentType === "application/pdf" ? "pdf" : "document";


export function mapLink(latitude, longitude) {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

/** One file of the grid: thumbnail (or PDF first page), status, capture date and map link, uploader, why it failed. */
export function renderCard(upload, { thumbnailUrl, uploaderName, canDelete, onOpen, onDelete }) {
  const kind = kindOf(upload.contentType);
  const m = upload.metadata ?? {};
  const camera = [m.cameraMake, m.cameraModel].filter(Boolean).join(" ");
  const thumb = thumbnailUrl
    ? h("img", { src: thumbnailUrl, alt: upload.fileName, loading: "lazy", "data-testid": "thumbnail" })
    : h("span", { class: "ext", "aria-hidden": "true" }, (upload.fileName.split(".").pop() || kind).slice(0, 4).toUpperCase());

  return h("article", { class: `card ${upload.status}`, dataset: { id: upload.id, status: upload.status, kind }, "data-testid": "card" },
    h("div", { class: "thumb", onclick: () => onOpen(upload), role: "button", tabindex: "0", title: t("card.open") }, thumb),
    h("div", { class: "body" },
      h("span", { class: "file", title: upload.fileName }, upload.fileName),
      h("span", { class: `badge ${upload.status}`, "data-testid": "status" }, t(`status.${upload.status}`)),
      m.takenAt && h("span", { class: "meta" }, t("card.taken", { date: formatDateTime(m.takenAt) })),
      m.latitude != null && m.longitude != null &&
        h("a", { class: "meta", href: mapLink(m.latitude, m.longitude), target: "_blank", rel: "noopener", "data-testid": "map" }, t("card.map")),
      m.pageCount && h("span", { class: "meta" }, t("card.pages", { count: m.pageCount })),
      camera && h("span", { class: "meta" }, t("card.camera", { camera })),
      h("span", { class: "meta" }, `${formatBytes(upload.size)} · ${t("card.by", { name: uploaderName })}`),
      upload.status === "Quarantined" && h("span", { class: "why", "data-testid": "why" }, t("card.quarantined", { signature: upload.scanSignature ?? "?" })),
      upload.status === "Failed" && h("span", { class: "why", "data-testid": "why" }, t("card.failed", { stage: stageName(upload.failedStage), reason: reasonText(upload.failureCode, upload.failureParams, upload.failureReason) })),
      canDelete && h("div", { class: "actions" },
        h("button", { type: "button", class: "btn danger small", "data-testid": "delete", onclick: () => onDelete(upload) }, t("card.delete")))));
}
