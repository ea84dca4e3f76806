#!/usr/bin/env bash
# The agent VM: one Mesos agent in a container under an enabled systemd unit. It runs command
# tasks with the posix launcher (no cgroups, no Docker containerizer).
set -euo pipefail

: "${MESOS_VERSION:?}" "${NODE_IP:?}" "${MASTER_IP:?}"

echo "NODE_IP=${NODE_IP}" >/etc/mesos-ts/node.env
install -m 0644 /vagrant/systemd/mesos-agent.service /etc/systemd/system/mesos-agent.service
docker pull -q "mesosphere/mesos-slave:${MESOS_VERSION}"
systemctl daemon-reload
systemctl enable mesos-agent.service
systemctl restart mesos-agent.service

for _ in $(seq 1 60); do
  if curl -fsS "http://${MASTER_IP}:5050/master/slaves" 2>/dev/null | grep -q "\"hostname\":\"${NODE_IP}\""; then
    echo "agent: registered with the master at ${MASTER_IP}:5050"
    exit 0
  fi
  sleep 2
done
echo "agent: not registered after 120 s; see: journalctl -u mesos-agent" >&2
exit 1
