// Starts fauxqs on 127.0.0.1 only. Its CLI always binds 0.0.0.0, so the listen call is pinned here.
// Usage: node launcher.mjs <port>
import net from "node:net";
import { startFauxqs } from "fauxqs";
import { addListParts } from "./list-parts.mjs";
import { allowBrowserUploads } from "./cors.mjs";

allowBrowserUploads();

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  addListParts(this);
  if (typeof args[0] === "object" && args[0] !== null) {
    args[0] = { ...args[0], host: "127.0.0.1" };
  } else if (typeof args[0] === "number" || typeof args[0] === "string") {
    const rest = args.slice(1).filter((a) => typeof a === "function" || typeof a === "number");
    const callback = rest.find((a) => typeof a === "function");
    return originalListen.call(this, { port: Number(args[0]), host: "127.0.0.1" }, callback);
  }
  return originalListen.apply(this, args);
};

const port = Number(process.argv[2] ?? process.env.FAUXQS_PORT ?? 4566);
const server = await startFauxqs({ port, logger: false });
console.log(`fauxqs listening on http://127.0.0.1:${port}`);

const stop = async () => {
  try { await server?.stop?.(); } finally { process.exit(0); }
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
