// Bundles the page into BuildPeer.Api/wwwroot (not committed): src/main.js → app.js + app.css (Uppy's styles),
// and copies the hand-written files in public/. `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import { cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "BuildPeer.Api", "wwwroot");
const watch = process.argv.includes("--watch");

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await cp(join(here, "public"), out, { recursive: true });

const options = {
  entryPoints: { app: join(here, "src", "main.js") },
  outdir: out,
  bundle: true,
  format: "esm",
  target: ["es2020", "chrome90", "safari14", "firefox90"],
  minify: !watch,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log(`watching web/src → ${out}`);
} else {
  const result = await esbuild.build({ ...options, metafile: true });
  const bytes = Object.entries(result.metafile.outputs)
    .filter(([file]) => !file.endsWith(".map"))
    .map(([file, o]) => `${file.split("/").pop()} ${(o.bytes / 1024).toFixed(0)} KiB`);
  console.log(`web page built into ${out}: ${bytes.join(", ")}`);
}
