// fauxqs answers no CORS, so a browser cannot PUT to it straight from the web page. Real buckets get a CORS
// rule (deploy/cdk: PUT/GET from the page's origin, ETag exposed); this gives the emulator the same rule.
import http from "node:http";

export function allowBrowserUploads() {
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (event, req, res) {
    if (event === "request" && req.headers.origin) {
      res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
      res.setHeader("Access-Control-Expose-Headers", "ETag");
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "GET, PUT, POST, DELETE, HEAD",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "*",
          "Access-Control-Max-Age": "3000",
        });
        res.end();
        return true;
      }
    }
    return emit.apply(this, arguments);
  };
}
