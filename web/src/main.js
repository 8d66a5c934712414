import { h, mount } from "./dom.js";
import { t } from "./i18n.js";
import { isOperator, session } from "./session.js";
import { renderLogin } from "./views/login.js";
import { renderOps } from "./views/ops.js";
import { renderProject } from "./views/project.js";
import { renderProjects } from "./views/projects.js";
import { renderTopbar } from "./views/topbar.js";

const root = document.getElementById("app");
let cleanups = [];

/** Hash routes: #/login, #/projects, #/projects/{id}, #/ops. */
async function route() {
  for (const cleanup of cleanups.splice(0)) cleanup();
  const onCleanup = (fn) => cleanups.push(fn);
  const [path, query = ""] = location.hash.replace(/^#/, "").split("?");
  const signedIn = Boolean(session());
  renderTopbar(route);

  if (!signedIn || path === "/login") {
    const params = new URLSearchParams(query);
    // ?email= fills the address in (the AppHost's dashboard links a demo user's sign-in this way).
    renderLogin(root, { expired: params.has("expired"), email: params.get("email"), rerender: route });
    return;
  }
  try {
    const project = path.match(/^\/projects\/([0-9a-f-]{36})$/i);
    if (project) await renderProject(root, project[1].toLowerCase(), { onCleanup });
    else if (path === "/ops" || isOperator()) await renderOps(root, { onCleanup });
    else await renderProjects(root);
  } catch (e) {
    mount(root, h("p", { class: "error", role: "alert" }, t("common.error", { detail: e.message })));
  }
}

window.addEventListener("hashchange", route);
route();

// The API reference (/scalar) is on in development and where configured (OpenApi__Reference): link it only when it answers.
fetch("scalar").then((r) => { if (r.ok) document.querySelector("[data-testid=api-reference]").hidden = false; }).catch(() => {});
