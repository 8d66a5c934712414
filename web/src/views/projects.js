import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { formatNumber, t } from "../i18n.js";

export async function renderProjects(root) {
  mount(root, h("p", { class: "hint" }, t("common.loading")));
  const projects = await api("/api/projects");
  mount(root,
    h("h1", {}, t("projects.title")),
    projects.length === 0
      ? h("p", { class: "empty" }, t("projects.none"))
      : h("ul", { class: "project-list" }, projects.map((p) =>
          h("li", {}, h("a", { href: `#/projects/${p.id}`, "data-testid": "project" },
            h("strong", {}, p.name),
            h("span", { class: "hint" }, t("projects.files", { count: formatNumber(p.uploadCount) })))))));
}
