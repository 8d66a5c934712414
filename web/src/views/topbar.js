import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { language, languages, setLanguage, t } from "../i18n.js";
import { clearSession, isOperator, seesOps, session } from "../session.js";

export function languagePicker(onChange) {
  return h("select", {
    "aria-label": t("nav.language"),
    "data-testid": "language",
    onchange: (e) => { setLanguage(e.target.value); onChange(); },
  }, Object.entries(languages).map(([code, l]) =>
    h("option", { value: code, selected: code === language() }, l.strings["lang.name"])));
}

/** The bar on every signed-in page: projects, ops (constructoras), who is signed in, language, sign out. */
export function renderTopbar(rerender) {
  const bar = document.getElementById("topbar");
  const s = session();
  if (!s) { bar.hidden = true; return; }
  bar.hidden = false;
  mount(bar,
    h("a", { class: "brand", href: isOperator(s) ? "#/ops" : "#/projects" }, t("app.title")),
    !isOperator(s) && h("a", { href: "#/projects" }, t("nav.projects")),
    seesOps(s) && h("a", { href: "#/ops", "data-testid": "nav-ops" }, t("nav.ops")),
    h("span", { class: "spacer" }),
    h("span", { class: "who", "data-testid": "who" }, `${s.displayName} · ${t(`role.${s.role}`)}`),
    languagePicker(rerender),
    h("button", {
      type: "button",
      onclick: async () => {
        await api("/api/auth/logout", { method: "POST", body: { refreshToken: s.refreshToken } }).catch(() => {});
        clearSession();
        location.hash = "#/login";
      },
    }, t("nav.logout")));
}
