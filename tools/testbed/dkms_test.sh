#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Prove the DKMS package: dkms add, build and install hvx against Debian's
# installed 6.1 headers, then find every shipped module with modinfo at the
# packaged version and that kernel's vermagic; remove it all again.
#   dkms_test.sh [kernel-release]   (default: Debian's linux-headers-amd64)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kver=${1:-$(hvx_headers_release linux-headers-amd64)}
version=$(cat "$HVX_TOP/VERSION")
conf_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$HVX_TOP/dkms.conf")
[ "$conf_version" = "$version" ] ||
	hvx_die "dkms.conf PACKAGE_VERSION $conf_version != VERSION $version"
mapfile -t modules < <(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"/\1/p' "$HVX_TOP/dkms.conf")
src=/usr/src/hvx-$version

cleanup() {
	dkms remove "hvx/$version" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}
trap cleanup EXIT
cleanup

mkdir -p "$src"
tar -C "$HVX_TOP" --exclude=.git --exclude=tools --exclude='*.o' --exclude='*.ko' \
	-cf - . | tar -C "$src" -xf -
dkms add "hvx/$version"
dkms build "hvx/$version" -k "$kver"
dkms install "hvx/$version" -k "$kver"
dkms status "hvx/$version" -k "$kver" | grep -q 'installed' || hvx_die "dkms status: not installed"

for m in "${modules[@]}"; do
	got=$(modinfo -k "$kver" -F version "$m") || hvx_die "modinfo: $m not found for $kver"
	[ "$got" = "$version" ] || hvx_die "$m: version $got, want $version"
	vermagic=$(modinfo -k "$kver" -F vermagic "$m")
	case "$vermagic" in "$kver "*) ;; *) hvx_die "$m: vermagic '$vermagic'" ;; esac
	echo "$m $got $(modinfo -k "$kver" -n "$m")"
done

dkms remove "hvx/$version" --all
for m in "${modules[@]}"; do
	! modinfo -k "$kver" "$m" >/dev/null 2>&1 || hvx_die "$m still installed after dkms remove"
done
echo "dkms: ${#modules[@]} module(s) built, installed and removed for $kver"
