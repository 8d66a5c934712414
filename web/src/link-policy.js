/**
 * How the page's storage PUTs behave on a construction site's link, as pure functions (tested with node --test).
 * The same choices as the CLI's library (BuildPeer.Client's RetryPolicy and SendWindow), measured in benchmark 6.
 */

/** Quick retries, then every 16 s while there is no connection at all, for up to three minutes. */
export const Backoff = [1000, 2000, 4000, 8000, 16000];
export const NetworkGraceMs = 3 * 60_000;

/**
 * Milliseconds to wait before trying a storage PUT again, or null to give up.
 * @param failedAttempts tries that failed so far, this one included (1 after the first failure)
 * @param status the HTTP status storage answered, or 0 when nothing came back (a drop, a reset, a refusal)
 * @param failingForMs time since this PUT's first failure
 */
export function retryDelayMs(failedAttempts, status, failingForMs) {
  const transient = status === 0 || status === 408 || status === 429 || status >= 500;
  if (!transient) return null; // a 403 is an expired URL: Uppy asks for a fresh one
  if (failedAttempts <= Backoff.length) return Backoff[failedAttempts - 1];
  return status === 0 && failingForMs < NetworkGraceMs ? Backoff[Backoff.length - 1] : null;
}

/** A try cut off mid-way is a new drop, not the outage before it going on: the count starts over, this many times at most. */
export const MaxCutsMidway = 10;

/** How long a PUT must have been sending before a lost connection counts as a cut (BuildPeer.Client's RetryPolicy.CutAfter). */
export const CutAfterMs = 2000;

/**
 * Whether a PUT that got no answer was cut off mid-way: some of its bytes went up and it had been sending for
 * CutAfterMs. During a drop a connection can be accepted and reset at once after the first bytes were buffered: that
 * is the outage going on, and must not start the retries over.
 */
export function wasCutMidway(status, sentBytes, sendingMs) {
  return status === 0 && sentBytes > 0 && sendingMs >= CutAfterMs;
}

/**
 * One PUT's retries. A try that was cut off after some of its bytes went up starts the count over (up to
 * MaxCutsMidway times): on a site link a 5 MiB part takes two minutes, and a drop when it was nearly through must not
 * be charged the minutes it spent sending.
 * @param now the clock (ms), for tests
 */
export function createRetries(now = Date.now) {
  let failed = 0;
  let firstFailure = null;
  let cuts = 0;
  return {
    /** @returns milliseconds to wait before the next try, or null to give up */
    failure(status, { cutMidway = false } = {}) {
      if (status === 0 && cutMidway && cuts < MaxCutsMidway) {
        cuts++;
        failed = 0;
        firstFailure = null;
      }
      failed++;
      firstFailure ??= now();
      return retryDelayMs(failed, status, now() - firstFailure);
    },
  };
}

/**
 * How many PUTs go at once, adapted like TCP's congestion window: a drop cuts every PUT in flight; it halves the
 * window only when fewer than a window's worth of PUTs arrived since the drop before (the window was too wide to fit
 * between drops), once per drop (PUTs that started before it was counted were cut by the same drop). Each window's
 * worth of PUTs that arrive widens it by one, up to max. On a 1 Mbit/s link that drops every few minutes, four 5 MiB
 * parts at once never finish between two drops; two do. A refusal halves nothing: it says there is no link, not how
 * wide it is. (BuildPeer.Client's SendWindow, the same rule.)
 */
export function createSendWindow(max) {
  let limit = max;
  let generation = 0;
  let arrivedSinceChange = 0;
  let arrivedSinceDrop = 0;
  return {
    get limit() { return limit; },
    /** Call as a PUT starts; pass what it returns to finished(). */
    started: () => generation,
    finished(startedIn, { arrived, cutMidway }) {
      if (arrived) {
        arrivedSinceDrop++;
        if (++arrivedSinceChange >= limit && limit < max) {
          limit++;
          arrivedSinceChange = 0;
        }
      } else if (cutMidway && startedIn === generation) {
        if (arrivedSinceDrop < limit) {
          limit = Math.max(1, Math.floor(limit / 2));
          arrivedSinceChange = 0;
        }
        generation++;
        arrivedSinceDrop = 0;
      }
      return limit;
    },
  };
}

/**
 * Runs one of the upload's API calls (initiate, sign parts, list parts, confirm a part, complete) with the retries of
 * a storage PUT: on a site link a drop during a photo's initiation failed the photo (benchmark 6, quick check), where
 * the CLI's library retries every API call. No answer (fetch throws a TypeError) counts as status 0; an answer keeps
 * its status, and only 408, 429 and 5xx are retried.
 * @param call returns a promise; throws an error with a numeric `status`, or a TypeError when nothing came back
 * @param sleep (ms) => promise, for tests
 */
export async function withRetries(call, { sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)), now = Date.now } = {}) {
  const retries = createRetries(now);
  for (;;) {
    try {
      return await call();
    } catch (error) {
      const status = typeof error?.status === "number" ? error.status : error instanceof TypeError ? 0 : null;
      const delay = status == null ? null : retries.failure(status);
      if (delay == null) throw error;
      await sleep(delay);
    }
  }
}
