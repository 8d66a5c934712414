import { h } from "../dom.js";
import { t } from "../i18n.js";

/** A file's way through the pipeline: uploaded → scanned → processed, lit up as live events arrive. */
export function renderPipelineRow(entry) {
  const { fileName, upload, percent, error } = entry;
  const status = upload?.status ?? "Requested";
  const stages = upload?.stages ?? {};
  const uploaded = Boolean(stages.receivedAt);
  const scanned = Boolean(stages.scannedAt);
  const stage = (key, done, { bad = false, active = false } = {}) =>
    h("span", { class: `stage ${bad ? "bad" : done ? "done" : active ? "active" : ""}`, dataset: { stage: key } }, t(`stage.${key}`, { percent }));

  return h("li", { dataset: { id: entry.uploadId, status }, "data-testid": "pipeline-row" },
    h("span", { class: "name", title: fileName }, fileName),
    h("span", { class: `badge ${status}` }, t(`status.${status}`)),
    h("div", { class: "stages" },
      uploaded ? stage("uploaded", true) : stage("uploading", false, { active: true }),
      status === "Quarantined" ? stage("quarantined", false, { bad: true }) : stage("scanned", scanned, { active: uploaded && !scanned }),
      status === "Failed" ? stage("failed", false, { bad: true })
        : stage("processed", status === "Processed", { active: scanned && status !== "Processed" && status !== "Quarantined" })),
    error && h("span", { class: "why" }, error));
}
