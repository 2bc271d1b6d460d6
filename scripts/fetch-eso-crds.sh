#!/usr/bin/env bash
# Downloads the External Secrets Operator v2.9.0 CRDs that lib/manifests/crd-schemas.ts
# validates generated manifests against. It checks each file's SHA-256 and prints the
# ESO_CRDS_DIR to use.
#
# Usage: scripts/fetch-eso-crds.sh [target-folder]   (default: .data/eso-crds in the repository)
set -euo pipefail

ESO_TAG="v2.9.0"
# The commit behind tag v2.9.0 (and helm-chart-2.9.0); a commit URL cannot be moved like a tag.
ESO_COMMIT="cc5bfbc2234ace9cb0caff4ea89c435cf517b27b"
BASE_URL="https://raw.githubusercontent.com/external-secrets/external-secrets/${ESO_COMMIT}/config/crds/bases"

# SHA-256 of each file at that commit.
CHECKSUMS="
9f5563a19efb4bce47f3916937eac160eae1eaec56560e4f6f77b1b2047a8664  external-secrets.io_clusterexternalsecrets.yaml
f847c69ae317a76527fc37c163ddfe15d9026e14eb47dd325319e914e0433c2a  external-secrets.io_clustersecretstores.yaml
5044be5a610ca90a075f34f03ed20b462695c43387ba9410db7f4250e47b1e2f  external-secrets.io_externalsecrets.yaml
1d97b97b4aca0799bc8dc05d45d34adf2265ae5c3a87268026b6aafb1718f4ec  external-secrets.io_pushsecrets.yaml
7f750858d393913915a2f15daff9e1d2f56ca207c09920c055d7a68cceacb641  external-secrets.io_secretstores.yaml
72ef666dcd0e24b71a2a8fe122ed01c86203f7a3a323ea90dc77a604b6a263da  generators.external-secrets.io_passwords.yaml
"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${1:-${repo_root}/.data/eso-crds}"

if ! command -v curl >/dev/null 2>&1; then
  echo "error: curl is not installed; install it or download the files listed in this script by hand" >&2
  exit 1
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  echo "error: neither sha256sum nor shasum is installed; install coreutils to verify the downloads" >&2
  exit 1
fi

# Download into a temporary folder first, so a failed run never leaves a partial set behind.
mkdir -p "$(dirname "$target")"
staging="$(mktemp -d "$(dirname "$target")/.eso-crds.XXXXXX")"
trap 'rm -rf "$staging"' EXIT

while read -r expected file; do
  [ -n "$file" ] || continue
  echo "Downloading ${file} (ESO ${ESO_TAG})"
  curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 \
    --retry 3 --connect-timeout 10 --max-time 120 \
    --output "${staging}/${file}" "${BASE_URL}/${file}"

  actual="$(sha256 "${staging}/${file}")"
  if [ "$actual" != "$expected" ]; then
    echo "error: ${file} has SHA-256 ${actual}, expected ${expected}; the download is corrupt or the source changed" >&2
    exit 1
  fi
done <<<"$CHECKSUMS"

rm -rf "$target"
mv "$staging" "$target"
trap - EXIT

echo "ESO ${ESO_TAG} CRDs written to ${target}"
echo "Use them with: export ESO_CRDS_DIR=${target}"
