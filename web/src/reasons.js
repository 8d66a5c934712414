import { hasString, t } from "./i18n.js";

/**
 * Why an upload failed or was quarantined, in the reader's language: the API sends a stable code with its
 * parameters (its English sentence is for API clients). A code this page does not know yet shows that sentence.
 */
export function reasonText(code, params, sentence) {
  if (!code || !hasString(`reason.${code}`)) return sentence ?? t("common.none");
  return t(`reason.${code}`, { ...(params ?? {}), reason: sentence ?? "" });
}

/** A pipeline stage's name ("scan", "process") in the reader's language. */
export const stageName = (stage) => (stage && hasString(`stageName.${stage}`) ? t(`stageName.${stage}`) : stage ?? t("common.none"));
