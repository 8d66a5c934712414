import { clearSession, saveSession, session } from "./session.js";

/** An RFC 7807 problem from the API; detail is written for people. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

let refreshing = null;

/** Trades the refresh token for a new access token once it is close to expiry (one refresh at a time). */
export async function freshToken() {
  const s = session();
  if (!s) throw new ApiError(401, { detail: "not signed in" });
  if (new Date(s.expiresAt).getTime() - Date.now() > 60_000 || !s.refreshToken) return s.accessToken;
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ refreshToken: s.refreshToken }),
      });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const renewed = await response.json();
      saveSession({ ...s, accessToken: renewed.accessToken, expiresAt: renewed.expiresAt, refreshToken: renewed.refreshToken });
      return renewed.accessToken;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function api(path, { method = "GET", body, auth = true } = {}) {
  const headers = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (auth) {
    try {
      headers.authorization = `Bearer ${await freshToken()}`;
    } catch (e) {
      signedOut();
      throw e;
    }
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && auth) signedOut();
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response.status === 204 ? null : response.json();
}

function signedOut() {
  clearSession();
  if (!location.hash.startsWith("#/login")) location.hash = "#/login?expired=1";
}
