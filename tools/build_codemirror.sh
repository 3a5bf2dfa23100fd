#!/bin/sh
# Build the console's Cypher editor into web/static/vendor/ (issue 14):
#   cypher-editor-<version>.min.js and .min.css, and cypher-editor-<version>.LICENSES.txt beside them,
# where <version> is @neo4j-cypher/codemirror's. The packages are pinned by tools/codemirror/package.json
# and its lock file and installed exactly (`npm ci`); esbuild (pinned too) bundles them into one script
# that sets window.CypherEditor. Nothing is fetched at run time.
# Usage: tools/build_codemirror.sh   (needs node and npm; from anywhere)
set -eu
here=$(cd "$(dirname "$0")/codemirror" && pwd)
vendor=$(cd "$here/../../web/static/vendor" && pwd)
cd "$here"
# No install scripts: esbuild's binary comes as the npm package of its platform (@esbuild/<os>-<arch>).
npm ci --no-audit --no-fund --ignore-scripts
version=$(node -p 'require("./node_modules/@neo4j-cypher/codemirror/package.json").version')
name="cypher-editor-$version"
rm -f "$vendor"/cypher-editor-*
./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --target=es2018 \
  --define:__VERSION__="\"$version\"" --legal-comments=none --metafile=meta.json \
  --outfile="$vendor/$name.min.js"
node licences.js meta.json "$vendor/$name.LICENSES.txt"
rm -f meta.json
echo "built $vendor/$name.min.js ($(wc -c < "$vendor/$name.min.js") bytes), $name.min.css, $name.LICENSES.txt"
