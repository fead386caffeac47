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

# The test kernel's patches (tests/qemu/patches/*.patch, applied in order)
# and a hash of them.
hvx_kernel_patches() { ls "$HVX_TOP"/tests/qemu/patches/*.patch 2>/dev/null | sort; }
hvx_patches_sum() {
	local p
	for p in $(hvx_kernel_patches); do cat "$p"; done | sha256sum | cut -c1-16
}

# The source tree the test kernel builds from: the package's source with the
# patches applied. Its path stays the same whatever the patches are (they
# are re-applied to a fresh extraction when they change), so that ccache,
# told to ignore the build directory, reuses every object a patch leaves
# alone. Call with $HVX_CACHE/kernel.lock held.
hvx_patched_tree() {
	local ver dir sum p
	ver=$(hvx_src_version) || return 1
	sum=$(hvx_patches_sum)
	dir=$HVX_CACHE/src-$ver-patched
	if [ "$(cat "$dir/.hvx-patched" 2>/dev/null)" != "$sum" ]; then
		hvx_log "extracting $HVX_SRC_PKG $ver and applying tests/qemu/patches"
		rm -rf "$dir" && mkdir -p "$dir" &&
			tar -C "$dir" -xf /usr/src/$HVX_SRC_PKG.tar.xz ||
			hvx_die "cannot extract kernel source"
		for p in $(hvx_kernel_patches); do
			patch -s -p1 -d "$dir/$HVX_SRC_PKG" <"$p" ||
				hvx_die "patch $(basename "$p") does not apply"
		done
		echo "$sum" >"$dir/.hvx-patched"
	fi
	echo "$dir/$HVX_SRC_PKG"
}

# Cache key of the test kernel: source version, config fragment, patches.
hvx_kernel_key() {
	local sum
	sum=$({ cat "$HVX_TOP/tests/qemu/kernel.config"; hvx_patches_sum; } | sha256sum | cut -c1-16)
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
