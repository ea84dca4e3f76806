#!/usr/bin/env bash
# Static checks of the Vagrant dev cluster, runnable without VirtualBox:
#   1. `vagrant validate --ignore-provider` on vagrant/Vagrantfile (syntax and config.vm.* keys);
#   2. shellcheck on the provisioning scripts and on this script.
# Needs Debian's `vagrant` and `shellcheck` packages. A missing tool is an error, unless
# CHECK_VAGRANT_ALLOW_MISSING=1, which reports it loudly as NOT CHECKED and exits 0.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/../.." && pwd)"
vagrant_dir="${repo}/vagrant"
missing=0
failed=0

need() {
  if ! command -v "$1" >/dev/null 2>&1; then
    echo "check-vagrant: NOT CHECKED: '$1' is not installed (apt-get install -y --no-install-recommends $1)" >&2
    missing=1
    return 1
  fi
}

if need vagrant; then
  # A private VAGRANT_HOME keeps the check from touching (or depending on) the user's boxes.
  vagrant_home="$(mktemp -d)"
  trap 'rm -rf "${vagrant_home}"' EXIT
  if (cd "${vagrant_dir}" && VAGRANT_HOME="${vagrant_home}" VAGRANT_CHECKPOINT_DISABLE=1 vagrant validate --ignore-provider); then
    echo "check-vagrant: vagrant validate: ok"
  else
    echo "check-vagrant: vagrant validate FAILED" >&2
    failed=1
  fi
fi

if need shellcheck; then
  scripts=("${vagrant_dir}"/provision/*.sh "${here}"/*.sh)
  if shellcheck --severity=style "${scripts[@]}"; then
    echo "check-vagrant: shellcheck: ok (${#scripts[@]} scripts)"
  else
    echo "check-vagrant: shellcheck FAILED" >&2
    failed=1
  fi
fi

if [ "${failed}" -ne 0 ]; then exit 1; fi
if [ "${missing}" -ne 0 ]; then
  if [ "${CHECK_VAGRANT_ALLOW_MISSING:-0}" = 1 ]; then
    echo "check-vagrant: some checks were NOT RUN (tools missing); CHECK_VAGRANT_ALLOW_MISSING=1 lets that pass" >&2
    exit 0
  fi
  exit 1
fi
