#!/usr/bin/env bash
# The master VM: ZooKeeper from Debian (zookeeperd, pinned) and one Mesos master in a container
# under an enabled systemd unit.
set -euo pipefail

: "${MESOS_VERSION:?}" "${ZOOKEEPER_VERSION:?}" "${NODE_IP:?}"

export DEBIAN_FRONTEND=noninteractive
if ! dpkg-query -W -f='${Version}' zookeeperd 2>/dev/null | grep -qx "${ZOOKEEPER_VERSION}"; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "zookeeper=${ZOOKEEPER_VERSION}" "zookeeperd=${ZOOKEEPER_VERSION}"
fi
# Keep apt from upgrading ZooKeeper behind our back.
apt-mark hold zookeeper zookeeperd >/dev/null
systemctl enable --now zookeeper.service

echo "NODE_IP=${NODE_IP}" >/etc/mesos-ts/node.env
install -m 0644 /vagrant/systemd/mesos-master.service /etc/systemd/system/mesos-master.service
docker pull -q "mesosphere/mesos-master:${MESOS_VERSION}"
systemctl daemon-reload
systemctl enable mesos-master.service
systemctl restart mesos-master.service

for _ in $(seq 1 60); do
  if curl -fsS "http://${NODE_IP}:5050/health" >/dev/null 2>&1; then
    echo "master: healthy at http://${NODE_IP}:5050 (Mesos ${MESOS_VERSION})"
    exit 0
  fi
  sleep 2
done
echo "master: not healthy after 120 s; see: journalctl -u mesos-master" >&2
exit 1
