#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install, with apt-get and only if missing, every Debian package the hvx
# build, test bed and e2e tests use. Safe to run again; prints nothing when
# all is there.
set -euo pipefail

packages=(
	# building the test kernel and the modules
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils kmod
	python3 ccache patch linux-source-6.12
	# the kernels hvx must build against: Debian 6.1 (default) and 6.12
	linux-headers-amd64 linux-headers-6.12-amd64
	# static checks, packaging, fuzzing
	sparse dkms openssl clang
	# the guest: emulator, shell and the tools e2e tests run inside it
	qemu-system-x86 acpica-tools busybox-static e2fsprogs util-linux fio sg3-utils lsscsi
	iproute2 ethtool hyperv-daemons fbset udev
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "[hvx] installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
