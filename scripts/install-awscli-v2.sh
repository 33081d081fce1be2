#!/usr/bin/env bash
# Installs AWS CLI v2 (Debian's awscli package, /usr/bin/aws 2.9.x) for the
# differential corpus (difftest/) and teaches it the partnercentral-selling
# model, which 2.9.x predates. Idempotent: safe to run again.
#
# The model is NOT vendored: it is extracted at install time from the
# preinstalled python botocore (the one behind AWS CLI v1 on PATH) and handed
# to `aws configure add-model`, which writes ~/.aws/models/. The paginator
# definition is copied next to it so v2 paginates list-opportunities.
#
# Usage: scripts/install-awscli-v2.sh          (installs for $HOME)
#        HOME=/some/dir scripts/install-awscli-v2.sh
set -euo pipefail

AWS2=/usr/bin/aws
SERVICE=partnercentral-selling
API_VERSION=2022-07-26

# 1. The Debian package. It bundles its own botocore under
# /usr/lib/python3/dist-packages/awscli, so the pyenv python3's botocore
# (AWS CLI v1) is left alone; checked below.
if ! "$AWS2" --version 2>/dev/null | grep -q '^aws-cli/2\.'; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq awscli >/dev/null
fi
"$AWS2" --version

# 2. Locate the model in the preinstalled python botocore.
PY=${PYTHON:-python3}
BOTOCORE_DIR=$("$PY" -c 'import botocore,os;print(os.path.dirname(botocore.__file__))')
MODEL_DIR="$BOTOCORE_DIR/data/$SERVICE/$API_VERSION"
if [ ! -f "$MODEL_DIR/service-2.json.gz" ] && [ ! -f "$MODEL_DIR/service-2.json" ]; then
	echo "install-awscli-v2: no $SERVICE model under $MODEL_DIR" >&2
	exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
if [ -f "$MODEL_DIR/service-2.json.gz" ]; then
	gunzip -c "$MODEL_DIR/service-2.json.gz" >"$TMP/service-2.json"
else
	cp "$MODEL_DIR/service-2.json" "$TMP/service-2.json"
fi

# 3. Register it with v2 (overwrites a previous registration).
"$AWS2" configure add-model --service-model "file://$TMP/service-2.json" --service-name "$SERVICE"
DEST="$HOME/.aws/models/$SERVICE/$API_VERSION"
for f in paginators-1.json waiters-2.json; do
	if [ -f "$MODEL_DIR/$f" ]; then cp "$MODEL_DIR/$f" "$DEST/$f"; fi
done

# 4. Check the v1 side is untouched and v2 knows the service.
"$PY" -c 'import botocore; print("python botocore", botocore.__version__)'
"$AWS2" "$SERVICE" help >/dev/null 2>&1 || { echo "install-awscli-v2: $AWS2 does not know $SERVICE" >&2; exit 1; }
echo "install-awscli-v2: model installed under $DEST"
