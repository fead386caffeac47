# SPDX-License-Identifier: GPL-2.0
# Shared settings for the hvx test bed scripts (sourced, not run).

HVX_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Everything expensive lives outside the work tree so clean clones stay warm.
HVX_CACHE=${HVX_CACHE:-/var/cache/hvx}
HVX_JOBS=${HVX_JOBS:-$(nproc)}
HVX_SRC_PKG=linux-source-6.12

hvx_log() { printf '[hvx] %s\n' "$*" >&2; }
hvx_die() { printf '[hvx] error: %s\n' "$*" >&2; exit 1; }

# Version of the installed kernel source package, e.g. 6.12.117-1~deb12u1.
hvx_src_version() {
	dpkg-query -W -f '${Version}' "$HVX_SRC_PKG" 2>/dev/null ||
		hvx_die "$HVX_SRC_PKG is not installed (run tools/testbed/deps.sh)"
}

# Extracted source tree, cached per package version.
hvx_src_tree() {
	local ver dir
	ver=$(hvx_src_version) || return 1
	dir=$HVX_CACHE/src-$ver
	if [ ! -f "$dir/.hvx-extracted" ]; then
		hvx_log "extracting $HVX_SRC_PKG $ver"
		rm -rf "$dir" && mkdir -p "$dir" &&
			tar -C "$dir" -xf /usr/src/$HVX_SRC_PKG.tar.xz &&
			touch "$dir/.hvx-extracted" || hvx_die "cannot extract kernel source"
	fi
	echo "$dir/$HVX_SRC_PKG"
}

# Cache key of the test kernel: source version plus the config fragment.
hvx_kernel_key() {
	local sum
	sum=$(cat "$HVX_TOP/tests/qemu/kernel.config" | sha256sum | cut -c1-16)
	echo "$(hvx_src_version)-$sum"
}

hvx_kernel_dir() { echo "$HVX_CACHE/kernel-$(hvx_kernel_key)"; }

# Kernel release whose headers a Debian metapackage (linux-headers-amd64,
# linux-headers-6.12-amd64) pulls in, e.g. 6.1.0-56-amd64.
hvx_headers_release() {
	local dep
	dep=$(dpkg-query -W -f '${Depends}' "$1" 2>/dev/null | grep -o 'linux-headers-[^ ,]*' | head -1)
	[ -n "$dep" ] || hvx_die "$1 is not installed"
	echo "${dep#linux-headers-}"
}
