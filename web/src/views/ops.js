import { api, ApiError } from "../api.js";
import { h, mount } from "../dom.js";
import { formatBytes, formatDateTime, formatNumber, formatTime, t } from "../i18n.js";
import { reasonText, stageName } from "../reasons.js";
import { renderChart } from "./chart.js";

const RefreshMs = 10_000;

/** Dependencies, queues, the last hour (numbers and chart), recent failures and activity; refreshed every 10 s. */
export async function renderOps(root, { onCleanup }) {
  let timer = null;
  onCleanup(() => clearTimeout(timer));

  async function refresh() {
    try {
      draw(await api("/api/ops/overview"));
    } catch (e) {
      mount(root, h("p", { class: "error" }, e instanceof ApiError && e.status === 403 ? t("ops.forbidden") : t("common.error", { detail: e.message })));
      return;
    }
    timer = setTimeout(refresh, RefreshMs);
  }

  function kpi(label, value, testId) {
    return h("div", { class: "kpi", "data-testid": testId }, h("div", { class: "value" }, value), h("div", { class: "label" }, label));
  }

  function draw(o) {
    const w = o.window;
    const none = t("common.none");
    // An operator sees every tenant, per tenant, and no file or project names.
    const all = o.scope === "all";
    mount(root,
      h("h1", {}, t("ops.title")),
      h("p", { class: "hint" }, t(all ? "ops.scopeAll" : "ops.scope"), " ", t("ops.updated", { time: formatTime(o.sampledAt) })),
      h("div", { class: "kpis" },
        kpi(t("ops.received"), formatNumber(w.received), "kpi-received"),
        kpi(t("ops.perMinute"), formatNumber(w.uploadsPerMinute, { maximumFractionDigits: 2 }), "kpi-per-minute"),
        kpi(t("ops.successRate"), w.successRate == null ? none : formatNumber(w.successRate, { style: "percent", maximumFractionDigits: 1 }), "kpi-success"),
        kpi(t("ops.p95"), w.p95CompleteToProcessedMs == null ? none : `${formatNumber(w.p95CompleteToProcessedMs / 1000, { maximumFractionDigits: 1 })} s`, "kpi-p95")),
      h("h2", {}, t("ops.chart")),
      h("div", { class: "legend" },
        h("span", { class: "received" }, t("ops.legend.received")), h("span", { class: "processed" }, t("ops.legend.processed")),
        h("span", { class: "failed" }, t("ops.legend.failed")), h("span", { class: "p95" }, t("ops.legend.p95"))),
      renderChart(w.minutes),
      h("h2", {}, t("ops.health")),
      h("ul", { class: "health", "data-testid": "health" }, o.health.checks.map((c) =>
        h("li", { title: c.description ?? "" }, h("span", { class: `dot ${c.status}` }), `${c.name}: ${c.status}`,
          c.description && c.status !== "Healthy" ? h("div", { class: "hint" }, c.description) : null))),
      h("h2", {}, t("ops.queues")),
      h("div", { class: "kpis" },
        kpi(`${t("ops.queue")} · ${o.uploadsQueue.queue}`, o.uploadsQueue.depth ?? none, "queue-depth"),
        kpi(`${t("ops.deadLetters")} · ${o.deadLetterQueue.queue}`, o.deadLetterQueue.depth ?? none, "dead-letters")),
      h("h2", {}, t("ops.failures")),
      o.recentFailures.length === 0 ? h("p", { class: "hint" }, t("ops.noFailures")) : table(
        [all ? t("ops.col.tenant") : t("ops.col.file"), all ? t("ops.col.upload") : t("ops.col.project"), t("ops.col.status"), t("ops.col.stage"), t("ops.col.reason"), t("ops.col.when")],
        o.recentFailures.map((f) => [
          all ? f.tenantName ?? f.tenantId : f.fileName, all ? f.uploadId : f.projectName ?? none,
          t(`status.${f.status}`), stageName(f.failedStage), reasonText(f.reasonCode, f.reasonParams, f.reason), formatDateTime(f.at)]),
        "failures"),
      h("h2", {}, t(all ? "ops.activityAll" : "ops.activity")),
      table(
        [all ? t("ops.col.tenant") : t("ops.col.project"), t("ops.col.requested"), t("ops.col.received"), t("ops.col.processed"), t("ops.col.failed"), t("ops.col.quarantined"), t("ops.col.bytes")],
        w.activity.map((a) => [all ? a.tenantName : a.projectName ?? a.projectId, a.requested, a.received, a.processed, a.failed, a.quarantined, formatBytes(a.bytesReceived)]),
        "activity"));
  }

  function table(headers, rows, testId) {
    return h("div", { class: "table-wrap" }, h("table", { "data-testid": testId },
      h("thead", {}, h("tr", {}, headers.map((x) => h("th", {}, x)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, c)))))));
  }

  mount(root, h("p", { class: "hint" }, t("common.loading")));
  await refresh();
}
