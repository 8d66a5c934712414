import { test } from "node:test";
import assert from "node:assert/strict";
import { createSendWindow, retryDelayMs } from "../src/link-policy.js";

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
