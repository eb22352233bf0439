#!/usr/bin/env bash
# Refresh the vendored GOV.UK Frontend and MoJ Frontend assets in static/vendor/.
#
# Node/npm are only needed to run this script; the Django app serves the
# committed files from static/vendor/ and needs no Node at run time.
#
# What it does:
#   1. npm ci (or npm install when there is no package-lock.json)
#   2. deletes and rewrites static/vendor/govuk-frontend and static/vendor/moj-frontend
#   3. copies the prebuilt min CSS/JS + assets, rewriting the absolute
#      url(/assets/...) references to relative url(assets/...) so that they resolve
#      relative to the CSS file (needed by whitenoise/ManifestStaticFilesStorage),
#      and strips sourceMappingURL comments (the .map files are not vendored)
#   4. checks every url(...) in the CSS points at a file that exists; fails otherwise
#
# Usage: npm run vendor   (or: bash scripts/vendor-assets.sh)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

GOVUK_SRC="node_modules/govuk-frontend/dist/govuk"
MOJ_SRC="node_modules/@ministryofjustice/frontend/moj"
OUT="static/vendor"
GOVUK_OUT="$OUT/govuk-frontend"
MOJ_OUT="$OUT/moj-frontend"

for f in "$GOVUK_SRC/govuk-frontend.min.css" "$GOVUK_SRC/govuk-frontend.min.js" "$GOVUK_SRC/assets" \
         "$MOJ_SRC/moj-frontend.min.css" "$MOJ_SRC/moj-frontend.min.js"; do
  if [ ! -e "$f" ]; then
    echo "vendor-assets: expected $f in the npm package but it is missing" >&2
    exit 1
  fi
done

rm -rf "$GOVUK_OUT" "$MOJ_OUT"
mkdir -p "$GOVUK_OUT" "$MOJ_OUT"

# Rewrite url(/assets/...) -> url(assets/...) (with or without quotes) and drop
# the CSS /*# sourceMappingURL=... */ comment.
fix_css() {
  sed -E \
    -e "s#url\((['\"]?)/assets/#url(\1assets/#g" \
    -e 's#/\*[#@] sourceMappingURL=[^*]*\*/##g' \
    "$1" > "$2"
}

# Drop the trailing //# sourceMappingURL=... comment from a JS file.
fix_js() {
  sed -E -e 's#//[#@] sourceMappingURL=[^[:space:]]*[[:space:]]*$##' "$1" > "$2"
}

# --- GOV.UK Frontend -------------------------------------------------------
fix_css "$GOVUK_SRC/govuk-frontend.min.css" "$GOVUK_OUT/govuk-frontend.min.css"
fix_js "$GOVUK_SRC/govuk-frontend.min.js" "$GOVUK_OUT/govuk-frontend.min.js"
# fonts/, images/, manifest.json and rebrand/ (if the package ships it)
cp -R "$GOVUK_SRC/assets" "$GOVUK_OUT/assets"

# --- MoJ Frontend ----------------------------------------------------------
fix_css "$MOJ_SRC/moj-frontend.min.css" "$MOJ_OUT/moj-frontend.min.css"
fix_js "$MOJ_SRC/moj-frontend.min.js" "$MOJ_OUT/moj-frontend.min.js"
if [ -d "$MOJ_SRC/assets" ]; then
  cp -R "$MOJ_SRC/assets" "$MOJ_OUT/assets"
fi

# Normalise permissions so re-runs give identical trees.
find "$GOVUK_OUT" "$MOJ_OUT" -type d -exec chmod 755 {} +
find "$GOVUK_OUT" "$MOJ_OUT" -type f -exec chmod 644 {} +

# --- Checks ------------------------------------------------------------------
node - "$GOVUK_OUT" "$MOJ_OUT" <<'EOF'
const fs = require('fs');
const path = require('path');
let errors = 0;
const fail = (msg) => { console.error('vendor-assets: ' + msg); errors++; };

const files = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else files.push(p);
  }
};
process.argv.slice(2).forEach(walk);

let urlCount = 0;
for (const file of files) {
  if (!/\.(css|js|mjs)$/.test(file)) continue;
  const text = fs.readFileSync(file, 'utf8');
  if (/sourceMappingURL=/.test(text)) fail(`${file}: still contains a sourceMappingURL comment`);
  if (!file.endsWith('.css')) continue;
  if (/@import/.test(text)) fail(`${file}: contains @import (not handled)`);
  const re = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;
  let m;
  while ((m = re.exec(text)) !== null) {
    const url = m[2].trim();
    if (/^(data:|https?:|#)/i.test(url)) continue;
    urlCount++;
    if (url.startsWith('/')) { fail(`${file}: absolute url(${url})`); continue; }
    const target = path.resolve(path.dirname(file), url.split(/[?#]/)[0]);
    if (!fs.existsSync(target) || !fs.statSync(target).isFile()) {
      fail(`${file}: url(${url}) -> ${target} does not exist`);
    }
  }
}

for (const js of ['govuk-frontend/govuk-frontend.min.js', 'moj-frontend/moj-frontend.min.js']) {
  const file = files.find((f) => f.endsWith(js));
  if (!file) { fail(`missing ${js}`); continue; }
  if (!/export\s*\{[^}]*\binitAll\b[^}]*\}/.test(fs.readFileSync(file, 'utf8'))) {
    fail(`${file}: does not export initAll`);
  }
}

if (errors) {
  console.error(`vendor-assets: ${errors} problem(s) found`);
  process.exit(1);
}
console.log(`vendor-assets: OK (${files.length} files, ${urlCount} local url() references all resolve)`);
EOF

echo "vendor-assets: govuk-frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version")," \
  "@ministryofjustice/frontend $(node -p "require('./node_modules/@ministryofjustice/frontend/package.json').version")" \
  "-> $OUT/"
