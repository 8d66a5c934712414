import es from "./locales/es.js";
import en from "./locales/en.js";
import pt from "./locales/pt.js";
import uppyEs from "@uppy/locales/lib/es_MX.js";
import uppyEn from "@uppy/locales/lib/en_US.js";
import uppyPt from "@uppy/locales/lib/pt_BR.js";

export const languages = {
  es: { strings: es, intl: "es-419", uppy: uppyEs },
  en: { strings: en, intl: "en-US", uppy: uppyEn },
  pt: { strings: pt, intl: "pt-BR", uppy: uppyPt },
};

const storageKey = "buildpeer.lang";

/** Spanish unless the person chose otherwise, or the browser speaks Portuguese (Brazil). */
function initialLanguage() {
  const chosen = localStorage.getItem(storageKey);
  if (chosen && languages[chosen]) return chosen;
  return (navigator.language || "").toLowerCase().startsWith("pt") ? "pt" : "es";
}

let current = initialLanguage();

export const language = () => current;
export const intlLocale = () => languages[current].intl;
export const uppyLocale = () => languages[current].uppy;

export function setLanguage(code) {
  if (!languages[code]) return;
  current = code;
  localStorage.setItem(storageKey, code);
  document.documentElement.lang = code;
}

export const hasString = (key) => key in languages[current].strings || key in languages.es.strings;

/** The string for key in the current language, with {name} placeholders filled from params. */
export function t(key, params = {}) {
  const text = languages[current].strings[key] ?? languages.es.strings[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] ?? `{${name}}`).toString());
}

export function formatDateTime(value) {
  if (!value) return t("common.none");
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function formatTime(value) {
  return new Intl.DateTimeFormat(intlLocale(), { timeStyle: "medium" }).format(new Date(value));
}

export function formatClock(value) {
  return new Intl.DateTimeFormat(intlLocale(), { timeStyle: "short" }).format(new Date(value));
}

export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(intlLocale(), options).format(value);
}

export function formatBytes(bytes) {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) { value /= 1000; unit++; }
  return `${formatNumber(value, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

document.documentElement.lang = current;
