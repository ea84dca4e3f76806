#!/usr/bin/env bash
# Both VMs: Docker from Debian (runs the pinned mesosphere/* images) and the cluster settings
# file the systemd units read. Idempotent: safe to run again with `vagrant provision`.
set -euo pipefail

: "${MESOS_VERSION:?}" "${ZK_URL:?}" "${MASTER_IP:?}"

export DEBIAN_FRONTEND=noninteractive
if ! command -v docker >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker.io ca-certificates curl
fi
systemctl enable --now docker.service

install -d -m 0755 /etc/mesos-ts
cat >/etc/mesos-ts/cluster.env <<ENV
MESOS_VERSION=${MESOS_VERSION}
ZK_URL=${ZK_URL}
MASTER_IP=${MASTER_IP}
ENV
echo "common: docker $(docker --version | cut -d' ' -f3 | tr -d ,), Mesos images ${MESOS_VERSION}"
