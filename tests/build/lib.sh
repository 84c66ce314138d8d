# Shared by the build scripts (tests/prepare, tests/build/*): the project's
# ccache set-up and summary, and a heartbeat for quiet steps.
# shellcheck shell=bash

# project_ccache NAME: the C++ compiles go through ccache in
# $VFIO_DMABUF_CACHE/NAME, with paths relative to $top (the checkout), so a
# clean clone compiles only what changed since the last build of any clone.
project_ccache() {
	local cache=${VFIO_DMABUF_CACHE:-$HOME/.cache/vfio-dmabuf}
	export CCACHE_DIR=$cache/$1 CCACHE_BASEDIR=$top CCACHE_NOHASHDIR=true
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-2G}
	mkdir -p "$CCACHE_DIR"
}

# "Hits: 131 / 131 (100.0%), Misses: 0 / 131 ( 0.00%)" of the current
# CCACHE_DIR since its last `ccache -z`, or "nothing compiled".
ccache_summary() {
	local s
	s=$(ccache -s 2>/dev/null | grep -E '^ *(Hits|Misses):' | head -n 2 | tr -s ' ' |
		sed 's/^ //' | paste -sd ',' | sed 's/,/, /g')
	echo "${s:-nothing compiled}"
}

# heartbeat LABEL T0: copies stdin to stdout; after 30 s without a line, says
# so (and again every 30 s), so that a long compile never looks hung.
heartbeat() {
	local label=$1 t0=$2 line= part= last= quiet=0 rc
	while :; do
		if IFS= read -r -t 30 part; then
			line+=$part
			printf '%s\n' "$line"
			last=$line line= quiet=0
		else
			rc=$?
			line+=$part
			[ $rc -gt 128 ] || { [ -z "$line" ] || printf '%s\n' "$line"; break; }
			quiet=$((quiet + 30))
			printf '[%s %4ss] still running, %ss since the last line: %s\n' \
				"$label" $(($(date +%s) - t0)) "$quiet" "${last:0:120}"
		fi
	done
}
