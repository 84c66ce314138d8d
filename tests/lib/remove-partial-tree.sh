# remove_partial_tree DIR: removes the tree an interrupted mmdebstrap left
# behind (DIR.tmp of the chroot and rootfs builders).  mmdebstrap --mode=root
# mounts /proc, /sys, /dev/pts and /dev/shm inside the tree while it installs;
# killed, it leaves them mounted, and rm -rf through a live bind mount of
# /dev/shm or /sys deletes or tries to write the host's files (seen here: an
# interrupted run emptied the host's /dev/shm).  So: unmount everything at or
# below DIR first, deepest first, then remove with --one-file-system, which
# also keeps rm off any mount that would not go away.
# shellcheck shell=bash
remove_partial_tree() {
	local dir=$1 m
	[ -e "$dir" ] || return 0
	dir=$(readlink -f "$dir")
	findmnt -rn -o TARGET | awk -v d="$dir" '$0 == d || index($0, d "/") == 1' | sort -r |
		while IFS= read -r m; do
			umount -l "$m" || echo "warning: cannot unmount $m (left inside $dir)" >&2
		done
	rm -rf --one-file-system "$dir"
}
