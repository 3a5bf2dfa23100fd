// Write the licences of every package esbuild put in the bundle (from its metafile) into one file:
// each package's name, version, licence and its own licence text (the Apache-2.0 text once, for the
// packages that ship none). Usage: node licences.js meta.json OUT
"use strict";
const fs = require("fs");
const path = require("path");

const [metaFile, out] = process.argv.slice(2);
const meta = JSON.parse(fs.readFileSync(metaFile, "utf8"));
const dirs = new Set();
for (const input of Object.keys(meta.inputs)) {
  const match = input.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) dirs.add(match[1]);
}
const apache = fs.readFileSync(path.join(__dirname, "..", "..", "web", "static", "vendor",
  "vis-network-10.1.5.LICENSE-APACHE-2.0"), "utf8");
let text = "Licences of the packages bundled in this file's editor script (built by tools/build_codemirror.sh).\n";
let needsApache = false;
for (const dir of [...dirs].sort()) {
  const base = path.join("node_modules", dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(base, "package.json"), "utf8"));
  const file = fs.readdirSync(base).find((f) => /^(licen[cs]e|copying)/i.test(f));
  text += `\n${"=".repeat(78)}\n${pkg.name} ${pkg.version} (${pkg.license})\n${"=".repeat(78)}\n`;
  // Packages that ship no licence file but name one: its text, kept in tools/codemirror/licences/.
  const kept = path.join(__dirname, "licences", pkg.name.replace("/", "__") + ".txt");
  if (file) text += fs.readFileSync(path.join(base, file), "utf8").trim() + "\n";
  else if (fs.existsSync(kept)) text += fs.readFileSync(kept, "utf8").trim() + "\n";
  else if (pkg.license === "Apache-2.0") { text += "Licensed under the Apache License, Version 2.0 (below).\n"; needsApache = true; }
  else throw new Error(`${pkg.name} ships no licence file and is not Apache-2.0: add its licence by hand`);
}
if (needsApache) text += `\n${"=".repeat(78)}\nApache License 2.0\n${"=".repeat(78)}\n${apache.trim()}\n`;
fs.writeFileSync(out, text);
console.log(`wrote ${out}: ${dirs.size} packages`);
