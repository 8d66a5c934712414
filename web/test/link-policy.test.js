import { test } from "node:test";
import assert from "node:assert/strict";
import { createRetries, createSendWindow, MaxCutsMidway, retryDelayMs, wasCutMidway, withRetries } from "../src/link-policy.js";

test("a drop outlasts the quick retries: no connection keeps trying every 16 s for three minutes", () => {
  assert.deepEqual([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 0, 0)), [1000, 2000, 4000, 8000, 16000]);
  assert.equal(retryDelayMs(6, 0, 31_000), 16000);
  assert.equal(retryDelayMs(12, 0, 179_000), 16000);
  assert.equal(retryDelayMs(13, 0, 180_000), null);
});

test("server errors get the five quick retries only; client errors none", () => {
  assert.equal(retryDelayMs(1, 503, 0), 1000);
  assert.equal(retryDelayMs(6, 503, 31_000), null);
  assert.equal(retryDelayMs(1, 403, 0), null);
  assert.equal(retryDelayMs(1, 400, 0), null);
});

test("one drop that cuts every PUT in flight halves the window once", () => {
  const window = createSendWindow(4);
  const started = [window.started(), window.started(), window.started(), window.started()];
  for (const s of started) window.finished(s, { arrived: false, cutMidway: true });
  assert.equal(window.limit, 2);
});

test("cuts after the halving halve it again, down to one; a refusal halves nothing", () => {
  const window = createSendWindow(4);
  window.finished(window.started(), { arrived: false, cutMidway: false });
  assert.equal(window.limit, 4);
  for (let i = 0; i < 3; i++) window.finished(window.started(), { arrived: false, cutMidway: true });
  assert.equal(window.limit, 1);
});

test("each window's worth of PUTs that arrive widens it by one, up to the maximum", () => {
  const window = createSendWindow(3);
  window.finished(window.started(), { arrived: false, cutMidway: true });
  window.finished(window.started(), { arrived: false, cutMidway: true });
  assert.equal(window.limit, 1);
  const limits = [];
  for (let i = 0; i < 8; i++) limits.push(window.finished(window.started(), { arrived: true }));
  assert.deepEqual(limits, [2, 2, 3, 3, 3, 3, 3, 3]);
});

/** A site link: each transfer runs 150 s and is cut by a drop, then five tries are refused. */
function siteLink(retries, clock, transfers) {
  for (let t = 0; t < transfers; t++) {
    clock.ms += 150_000;
    let delay = retries.failure(0, { cutMidway: true });
    if (delay == null) return "gave up";
    for (let r = 0; r < 5; r++) {
      clock.ms += delay;
      delay = retries.failure(0);
      if (delay == null) return "gave up";
    }
    clock.ms += delay;
  }
  return "still trying";
}

test("a try cut mid-way starts the count over: minutes spent sending do not use up the grace", () => {
  const clock = { ms: 0 };
  assert.equal(siteLink(createRetries(() => clock.ms), clock, 5), "still trying");
});

test("without telling cuts from refusals, the same link used up the grace and gave up", () => {
  const clock = { ms: 0 };
  const retries = createRetries(() => clock.ms);
  const blind = { failure: (status) => retries.failure(status) };
  assert.equal(siteLink(blind, clock, 5), "gave up");
});

test("a PUT cut by every drop is given up after the most cuts allowed", () => {
  const clock = { ms: 0 };
  assert.equal(siteLink(createRetries(() => clock.ms), clock, MaxCutsMidway + 5), "gave up");
});

test("only a PUT that was sending for a while counts as cut mid-way; a reset as soon as it connected does not", () => {
  assert.equal(wasCutMidway(0, 65_536, 5), false); // accepted and reset at once during a drop
  assert.equal(wasCutMidway(0, 0, 30_000), false); // nothing went up
  assert.equal(wasCutMidway(503, 65_536, 30_000), false); // storage answered
  assert.equal(wasCutMidway(0, 65_536, 30_000), true);
});

test("a drop after a window's worth of PUTs arrived halves nothing; one after fewer halves", () => {
  const window = createSendWindow(4);
  const firstFour = [0, 1, 2, 3].map(() => window.started());
  for (const s of firstFour) window.finished(s, { arrived: false, cutMidway: true }); // one drop cuts all four
  assert.equal(window.limit, 2);
  for (let i = 0; i < 3; i++) window.finished(window.started(), { arrived: true }); // 2 arrive: 3; a third arrives
  assert.equal(window.limit, 3);
  window.finished(window.started(), { arrived: false, cutMidway: true }); // a drop after 3 arrived: kept
  assert.equal(window.limit, 3);
  window.finished(window.started(), { arrived: true });
  window.finished(window.started(), { arrived: false, cutMidway: true }); // a drop after only 1 arrived: halved
  assert.equal(window.limit, 1);
});

test("the upload's API calls are retried when nothing comes back or the server is unavailable, not on a refusal", async () => {
  const waits = [];
  const sleep = async (ms) => { waits.push(ms); };
  let calls = 0;
  const initiated = await withRetries(async () => {
    calls++;
    if (calls === 1) throw new TypeError("Failed to fetch"); // the link dropped
    if (calls === 2) throw Object.assign(new Error("Service Unavailable"), { status: 503 });
    return { uploadId: "u1" };
  }, { sleep });
  assert.deepEqual(initiated, { uploadId: "u1" });
  assert.deepEqual(waits, [1000, 2000]);

  let refused = 0;
  await assert.rejects(withRetries(async () => { refused++; throw Object.assign(new Error("too large"), { status: 413 }); }, { sleep }), /too large/);
  assert.equal(refused, 1);
  await assert.rejects(withRetries(async () => { throw new Error("a bug"); }, { sleep }), /a bug/);
});
