import { api } from "../api.js";
import { h, mount } from "../dom.js";
import { t } from "../i18n.js";
import { isOperator, saveSession } from "../session.js";
import { languagePicker } from "./topbar.js";

export function renderLogin(root, { expired, email: prefill, rerender }) {
  const error = h("p", { class: "error", role: "alert" }, expired ? t("common.sessionExpired") : "");
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, inputmode: "email" });
  if (prefill) email.value = prefill;
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { class: "btn", type: "submit" }, t("login.submit"));

  async function signIn(event) {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = "";
    try {
      const answer = await api("/api/auth/login", { method: "POST", auth: false, body: { email: email.value, password: password.value } });
      saveSession(answer);
      location.hash = isOperator(answer) ? "#/ops" : "#/projects";
    } catch (e) {
      error.textContent = t("login.failed", { detail: e.message });
    } finally {
      submit.disabled = false;
    }
  }

  mount(root, h("form", { class: "panel login", onsubmit: signIn },
    h("h1", {}, `${t("app.title")} · ${t("login.title")}`),
    h("label", {}, t("login.email"), email),
    h("label", {}, t("login.password"), password),
    submit,
    error,
    h("label", {}, t("nav.language"), languagePicker(rerender))));
  email.focus();
}
