import Uppy from "@uppy/core";
import Dashboard from "@uppy/dashboard";
import AwsS3 from "@uppy/aws-s3";
import GoldenRetriever from "@uppy/golden-retriever";
import "@uppy/core/css/style.min.css";
import "@uppy/dashboard/css/style.min.css";
import { api } from "./api.js";
import { t, uppyLocale } from "./i18n.js";
import { queueWhileOffline } from "./offline-queue.js";
import { resilientPut } from "./resilient-put.js";
import { withRetries } from "./link-policy.js";

const MiB = 1024 * 1024;

/** The upload's own API calls, retried like its storage PUTs when the link drops (link-policy's withRetries). */
const uploadApi = (path, options) => withRetries(() => api(path, options));
const ExpiryMargin = 60_000;
/** S3's smallest part: a drop on a site link costs at most 5 MiB, and one gets through between drops (benchmark 6). */
const PartSize = 5 * MiB;
/** Most storage PUTs at once; fewer while the link keeps cutting them (resilient-put.js). */
const MaxPutsAtOnce = 4;

const byExtension = {
  jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", heic: "image/heic", heif: "image/heif",
  tif: "image/tiff", tiff: "image/tiff", pdf: "application/pdf", doc: "application/msword", xls: "application/vnd.ms-excel",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

/** Phones often leave File.type empty for HEIC and office files; the extension tells. */
export function contentTypeOf(file) {
  if (file.type) return file.type;
  const extension = (file.name.split(".").pop() || "").toLowerCase();
  return byExtension[extension] || "application/octet-stream";
}

const ticketOf = (file) => file?.meta?.bpTicket;
const expired = (expiresAt) => new Date(expiresAt).getTime() - Date.now() < ExpiryMargin;

/**
 * Uppy with our API as its signer. Each file is first registered with POST /projects/{id}/uploads (the API
 * decides single PUT or multipart and the part size); the bytes then go straight to storage with the presigned
 * URLs; parts are confirmed as they land, expired URLs are re-signed, and complete hands the file to the pipeline.
 * Golden Retriever keeps files and tickets in the browser so a crashed tab resumes where it stopped.
 */
export function createUploader(target, projectId, { onTicket, onProgress, onCompleted, onFailed, onWaiting }) {
  let partSize = PartSize;
  const signedParts = new Map(); // uploadId → Map(partNumber → { url, expiresAt })
  const confirmations = new Map(); // uploadId → [Promise] of part confirmations in flight

  /** POST …/complete; a concurrent write to the upload (e.g. a late part confirmation) can leave it Requested, so it asks again. */
  async function complete(uploadId) {
    for (let attempt = 0; ; attempt++) {
      const view = await uploadApi(`/api/uploads/${uploadId}/complete`, { method: "POST", body: {} });
      if (view.status !== "Requested" || attempt === 2) return view;
      await new Promise((resolve) => setTimeout(resolve, 500 * (attempt + 1)));
    }
  }

  let offline;
  const uppy = new Uppy({
    id: `buildpeer-${projectId}`,
    locale: uppyLocale(),
    autoProceed: false,
    onBeforeUpload: (files) => offline.beforeUpload(files),
    restrictions: { maxFileSize: 100_000_000, allowedFileTypes: ["image/*", ".heic", ".heif", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".pptx"] },
  });

  uppy.use(Dashboard, {
    target,
    inline: true,
    width: "100%",
    height: 320,
    proudlyDisplayPoweredByUppy: false,
    note: t("project.uploadHint"),
    showNativePhotoCameraButton: true,
    // Uppy's es_MX strings lack this button's label.
    locale: { strings: { takePictureBtn: t("uppy.takePicture") } },
  });
  // A week: photos taken on a site without signal may wait days for the next one.
  uppy.use(GoldenRetriever, { expires: 7 * 24 * 60 * 60 * 1000 });
  offline = queueWhileOffline(uppy, { onWaiting });

  async function initiate(file) {
    const ticket = await uploadApi(`/api/projects/${projectId}/uploads`, {
      method: "POST",
      body: { fileName: file.name, contentType: contentTypeOf(file), size: file.size, partSize: PartSize },
    });
    if (ticket.multipart) partSize = ticket.multipart.partSize;
    uppy.setFileMeta(file.id, { bpTicket: ticket, bpError: null });
    onTicket(ticket, file);
    return ticket;
  }

  uppy.addPreProcessor(async (fileIDs) => {
    const files = fileIDs.map((id) => uppy.getFile(id)).filter((file) => file && !ticketOf(file));
    await Promise.all(files.map(async (file) => {
      try {
        await initiate(file);
      } catch (e) {
        // Fails only this file (in getUploadParameters), with the API's reason.
        uppy.setFileMeta(file.id, { bpError: e.message });
      }
    }));
  });

  async function singlePutTicket(file) {
    const current = uppy.getFile(file.id);
    if (current.meta.bpError) throw new Error(current.meta.bpError);
    let ticket = ticketOf(current);
    // A restored tab may hold an expired URL; a single PUT cannot be re-signed, so it is asked for again.
    if (!ticket || expired(ticket.expiresAt)) ticket = await initiate(current);
    return ticket;
  }

  async function partUrl(uploadId, ticket, partNumber) {
    const cache = signedParts.get(uploadId) ?? new Map(
      (ticket.multipart?.parts ?? []).map((p) => [p.partNumber, { url: p.url, expiresAt: ticket.expiresAt }]));
    signedParts.set(uploadId, cache);
    const cached = cache.get(partNumber);
    if (cached && !expired(cached.expiresAt)) return cached.url;
    const missing = [...Array(ticket.multipart.partCount).keys()].map((i) => i + 1)
      .filter((n) => !cache.has(n) || expired(cache.get(n).expiresAt) || n === partNumber);
    const signed = await uploadApi(`/api/uploads/${uploadId}/parts/sign`, { method: "POST", body: { partNumbers: missing } });
    for (const p of signed.parts) cache.set(p.partNumber, { url: p.url, expiresAt: signed.expiresAt });
    return cache.get(partNumber).url;
  }

  uppy.use(AwsS3, {
    id: "AwsS3",
    limit: MaxPutsAtOnce,
    uploadPartBytes: resilientPut(AwsS3.uploadPartBytes, { queue: () => uppy.getPlugin("AwsS3")?.requests, max: MaxPutsAtOnce }),
    shouldUseMultipart: (file) => Boolean(ticketOf(uppy.getFile(file.id) ?? file)?.multipart),
    getChunkSize: () => partSize,
    async getUploadParameters(file) {
      const ticket = await singlePutTicket(file);
      return { method: "PUT", url: ticket.put.url, headers: ticket.put.headers };
    },
    createMultipartUpload(file) {
      const ticket = ticketOf(uppy.getFile(file.id));
      return { uploadId: ticket.uploadId, key: ticket.objectKey };
    },
    async signPart(file, { uploadId, partNumber }) {
      return { method: "PUT", url: await partUrl(uploadId, ticketOf(uppy.getFile(file.id)), partNumber) };
    },
    async listParts(file, { uploadId }) {
      const state = await uploadApi(`/api/uploads/${uploadId}/parts`);
      return state.parts.filter((p) => p.stored && p.eTag).map((p) => ({ PartNumber: p.partNumber, ETag: p.eTag, Size: p.length }));
    },
    async completeMultipartUpload(file, { uploadId }) {
      // Complete appends to the same stream as the part confirmations: let them land first.
      await Promise.allSettled(confirmations.get(uploadId) ?? []);
      confirmations.delete(uploadId);
      const view = await complete(uploadId);
      onCompleted(view);
      return { location: view.links.self };
    },
    async abortMultipartUpload(file, { uploadId }) {
      await api(`/api/uploads/${uploadId}`, { method: "DELETE" }).catch(() => {});
    },
  });

  // Others watching the project see multipart progress because each part is confirmed as it lands.
  uppy.on("s3-multipart:part-uploaded", (file, part) => {
    const ticket = ticketOf(uppy.getFile(file.id));
    if (!ticket?.multipart) return; // a single PUT is reported as one part too
    const length = ticket.multipart?.parts?.find((p) => p.partNumber === part.PartNumber)?.length
      ?? Math.min(partSize, file.size - (part.PartNumber - 1) * partSize);
    const confirmation = uploadApi(`/api/uploads/${ticket.uploadId}/parts/${part.PartNumber}`, { method: "PUT", body: { eTag: part.ETag, size: length } })
      .catch((e) => console.warn("part confirmation failed", e));
    confirmations.set(ticket.uploadId, [...(confirmations.get(ticket.uploadId) ?? []), confirmation]);
  });

  uppy.on("upload-progress", (file, progress) => {
    const ticket = ticketOf(uppy.getFile(file.id));
    if (ticket && progress.bytesTotal) onProgress(ticket.uploadId, progress.bytesUploaded / progress.bytesTotal);
  });

  uppy.on("upload-success", async (file) => {
    const ticket = ticketOf(uppy.getFile(file.id));
    if (!ticket || ticket.multipart) return; // multipart completes in completeMultipartUpload
    try {
      onCompleted(await complete(ticket.uploadId));
    } catch (e) {
      onFailed(ticket.uploadId, e.message);
      uppy.info(e.message, "error", 8000);
    }
  });

  uppy.on("upload-error", (file, error) => {
    const ticket = ticketOf(uppy.getFile(file.id));
    if (ticket) onFailed(ticket.uploadId, error?.message ?? String(error));
  });

  uppy.on("restored", () => {
    for (const file of uppy.getFiles()) if (ticketOf(file)) onTicket(ticketOf(file), file);
  });

  uppy.on("cancel-all", () => onWaiting(0));
  return { uppy, destroy: () => { offline.dispose(); uppy.destroy(); } };
}
