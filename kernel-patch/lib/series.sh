# The two patch series and what differs between them (sourced by
# kernel-patch/build-kernel, check-series and bisect-series).
#
#   series_load NAME        NAME: 6.12 (kernel-patch/*.patch, the default)
#                           or mainline (kernel-patch/mainline/*.patch)
#
# sets
#   series_dir      the directory holding the patches and BASE
#   series_package  the Debian source package of the base (linux-source-X.Y)
#   series_pinned   the version in BASE
#   series_flavor   build/kernel/<flavor> and the kbuild object directory
#   series_ccache   its ccache directory
#   series_bisect   the object directory of its bisect builds: build-kernel's
#                   own for the series, so that a bisect on an empty cache
#                   starts from that build's objects instead of building the
#                   base from nothing; it leaves the whole series there (the
#                   next build-kernel only recompiles what W=1 compiled)
#   series_lock     the lock every build of its tree holds (build-kernel,
#                   bisect-series: both reset and patch the same tree)
#   series_config   the config fragments applied on top of tinyconfig
#   series_checkpatch  extra checkpatch options: the mainline base is a
#                   source package with no git history, so the commit ids of
#                   its Fixes: tags cannot be looked up (UNKNOWN_COMMIT_ID);
#                   they were taken from the upstream list archives
#   series_patches  the patches, in order, without the cover letter
# and needs $cache set.
series_load() {
	local top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	case "$1" in
	6.12)
		series_dir=$top
		series_package=linux-source-6.12
		series_flavor=patched
		series_ccache=$cache/ccache
		series_bisect=$cache/kbuild/patched
		series_lock=$cache/build-kernel.lock
		series_config=("$top/config/vm.config" "$top/config/6.12.config")
		series_checkpatch=()
		;;
	mainline)
		series_dir=$top/mainline
		series_package=linux-source-7.3
		series_flavor=patched-7.3
		series_ccache=$cache/ccache-7.3
		series_bisect=$cache/kbuild/patched-7.3
		series_lock=$cache/build-kernel-7.3.lock
		series_config=("$top/config/vm.config" "$top/mainline/config/vm.config")
		series_checkpatch=(--ignore UNKNOWN_COMMIT_ID)
		;;
	*)
		echo "unknown series '$1' (6.12 or mainline)" >&2
		return 2
		;;
	esac
	series_dir=$(cd "$series_dir" && pwd)
	series_pinned=$(tr -d '[:space:]' <"$series_dir/BASE")
	[ -n "$series_pinned" ] || { echo "$series_dir/BASE is empty" >&2; return 1; }
	mapfile -t series_patches < <(find "$series_dir" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' \
		! -name '0000-*' | sort)
}

# The unpacked git tree of the base (build-kernel makes it), or nothing.
series_tree() {
	local t=$cache/linux-$series_pinned
	[ -f "$t/.vfio-dmabuf-unpacked" ] && echo "$t" && return
	ls -d "$cache/linux-${series_package#linux-source-}".* 2>/dev/null | tail -n 1
}
