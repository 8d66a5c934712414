// Bundles the page into BuildPeer.Api/wwwroot (not committed): src/main.js → app.js + app.css (Uppy's styles),
// and copies the hand-written files in public/. `node build.mjs --watch` rebuilds on change.
import * as esbuild from "esbuild";
import { cp, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "BuildPeer.Api", "wwwroot");
const watch = process.argv.includes("--watch");

// Every language must have every string: a missing one would show its key to a person.
const locales = Object.fromEntries(await Promise.all(["es", "en", "pt"].map(async (code) =>
  [code, (await import(join(here, "src", "locales", `${code}.js`))).default])));
const reference = Object.keys(locales.es);
for (const [code, strings] of Object.entries(locales)) {
  const missing = reference.filter((k) => !(k in strings));
  const extra = Object.keys(strings).filter((k) => !(k in locales.es));
  if (missing.length || extra.length) {
    console.error(`web/src/locales/${code}.js: missing ${missing.join(", ") || "none"}; unknown ${extra.join(", ") || "none"}`);
    process.exit(1);
  }
}

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
await cp(join(here, "public"), out, { recursive: true });

const options = {
  entryPoints: { app: join(here, "src", "main.js") },
  outdir: out,
  bundle: true,
  format: "esm",
  // Uppy uses private class fields; phones from the last ~4 years run ES2022.
  target: ["es2022"],
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
