// fauxqs 1.9.2 implements S3 multipart upload but not ListParts (GET /bucket/key?uploadId=...): it answers
// that request as a GetObject and says NoSuchKey. Clients resume multipart uploads from ListParts, so this
// adds it, in S3's XML format, reading the emulator's own multipart state.
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const distDir = path.dirname(fileURLToPath(import.meta.resolve("fauxqs")));
// Imported by file URL (the package's "exports" hide it): the same module instance the emulator uses.
const { S3Store } = await import(pathToFileURL(path.join(distDir, "s3/s3Store.js")).href);

const stores = new Set();
const originalCreate = S3Store.prototype.createMultipartUpload;
S3Store.prototype.createMultipartUpload = function (...args) {
  stores.add(this);
  return originalCreate.apply(this, args);
};

const xml = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function listParts(url, res) {
  const uploadId = url.searchParams.get("uploadId");
  const marker = Number(url.searchParams.get("part-number-marker") ?? 0);
  const maxParts = Math.min(Number(url.searchParams.get("max-parts") ?? 1000), 1000);
  const upload = [...stores].map((s) => s.multipartUploads.get(uploadId)).find(Boolean);
  if (!upload) {
    res.writeHead(404, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified multipart upload does not exist.</Message><UploadId>${xml(uploadId)}</UploadId></Error>`);
    return;
  }
  const all = [...upload.parts.values()].filter((p) => p.partNumber > marker).sort((a, b) => a.partNumber - b.partNumber);
  const page = all.slice(0, maxParts);
  const truncated = all.length > page.length;
  const parts = page.map((p) =>
    `<Part><PartNumber>${p.partNumber}</PartNumber><LastModified>${p.lastModified.toISOString()}</LastModified><ETag>${xml(p.etag)}</ETag><Size>${p.body.length}</Size></Part>`).join("");
  res.writeHead(200, { "content-type": "application/xml" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?><ListPartsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xml(upload.bucket)}</Bucket><Key>${xml(upload.key)}</Key><UploadId>${xml(uploadId)}</UploadId><PartNumberMarker>${marker}</PartNumberMarker><NextPartNumberMarker>${page.at(-1)?.partNumber ?? marker}</NextPartNumberMarker><MaxParts>${maxParts}</MaxParts><IsTruncated>${truncated}</IsTruncated>${parts}</ListPartsResult>`);
}

/** Puts the ListParts handler in front of the emulator's own request handler on this server. */
export function addListParts(server) {
  if (!(server instanceof http.Server)) return;
  const handlers = server.listeners("request");
  server.removeAllListeners("request");
  server.on("request", (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (req.method === "GET" && url.searchParams.has("uploadId") && !url.searchParams.has("partNumber")) {
      listParts(url, res);
      return;
    }
    for (const handler of handlers) handler.call(server, req, res);
  });
}
