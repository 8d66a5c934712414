// The signed-in person: the login answer, kept in localStorage so a reload (or a crashed tab) stays signed in.
const key = "buildpeer.session";

export function session() {
  try { return JSON.parse(localStorage.getItem(key) ?? "null"); } catch { return null; }
}

export function saveSession(value) {
  localStorage.setItem(key, JSON.stringify(value));
}

export function clearSession() {
  localStorage.removeItem(key);
}

export const canUpload = (s = session()) => s?.role === "constructora" || s?.role === "empleado";
export const seesOps = (s = session()) => s?.role === "constructora" || s?.role === "operador";
/** BuildPeer staff: the ops view only, no tenant's files. */
export const isOperator = (s = session()) => s?.role === "operador";
