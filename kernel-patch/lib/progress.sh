# Progress for long, quiet build steps (sourced by kernel-patch/build-kernel,
# kernel-patch/bisect-series, tests/vm/build-edu-module).  No step may sit
# silent for minutes: the command's output goes to a log, and a line like
#   [build-kernel  312s]   1834/~2710 objects (68%), now: drivers/vfio/pci/vfio_pci_core.o
# is printed on stdout at least every 30 s while it runs.
#
#   progress_run [OPTIONS] -- COMMAND [ARGS...]
#     --label NAME    prefix of the progress lines (default: the script's name)
#     --t0 EPOCH      their times count from EPOCH (default: now)
#     --log FILE      where stdout and stderr of COMMAND go (truncated first)
#     --append        append to the log instead
#     --count FILE    the number of objects of the last full build of this
#                     object directory: the progress lines estimate the total
#                     from it; a build that succeeds stores its count there
#                     if it is --fresh or counted more than the file says
#     --fresh         the build starts from an empty object directory (its
#                     count is the full count, even if lower than before)
#
# Objects are the kbuild short-output lines (CC, AS, AR, LD, HOSTCC, HOSTLD,
# with or without [M]), so run make without -s.  Returns COMMAND's status.
# A build that never reached 30 s prints one summary line only.

# shellcheck shell=bash

progress_run() {
	local label=${0##*/} t0=$EPOCHSECONDS log=/dev/null append=0 countfile= fresh=0
	while [ $# -gt 0 ]; do
		case "$1" in
		--label) label=$2; shift 2 ;;
		--t0) t0=$2; shift 2 ;;
		--log) log=$2; shift 2 ;;
		--append) append=1; shift ;;
		--count) countfile=$2; shift 2 ;;
		--fresh) fresh=1; shift ;;
		--) shift; break ;;
		*) echo "progress_run: unknown option '$1'" >&2; return 2 ;;
		esac
	done
	[ $# -gt 0 ] || { echo "progress_run: no command" >&2; return 2; }

	local total=
	if [ -n "$countfile" ] && [ -f "$countfile" ]; then
		total=$(tr -dc '0-9' <"$countfile")
		[ "${total:-0}" -gt 0 ] 2>/dev/null || total=
	fi
	[ $append = 1 ] || : >"$log"

	# The reader runs in this shell (lastpipe) so that its counters survive.
	local opts=$- had_lastpipe=0 rc
	shopt -q lastpipe && had_lastpipe=1
	shopt -s lastpipe
	set +e
	local _n=0 _now= _ticks=0 _start=$EPOCHSECONDS
	"$@" 2>&1 | _progress_read "$log" "$label" "$t0" "$total"
	rc=${PIPESTATUS[0]}
	[[ $opts == *e* ]] && set -e
	[ $had_lastpipe = 1 ] || shopt -u lastpipe

	local took=$((EPOCHSECONDS - _start))
	if [ "$rc" = 0 ] && [ -n "$countfile" ] && [ "$_n" -gt 0 ] &&
		{ [ $fresh = 1 ] || [ "$_n" -gt "${total:-0}" ]; }; then
		echo "$_n" >"$countfile.tmp" && mv "$countfile.tmp" "$countfile"
	fi
	local failed=
	[ "$rc" = 0 ] || failed=", failed (exit $rc)"
	if [ "$_n" -gt 0 ]; then
		printf '[%s %4ss]   %s objects in %s s%s\n' "$label" $((EPOCHSECONDS - t0)) "$_n" "$took" "$failed"
	elif [ "$_ticks" -gt 0 ]; then
		printf '[%s %4ss]   finished in %s s%s\n' "$label" $((EPOCHSECONDS - t0)) "$took" "$failed"
	fi
	return "$rc"
}

# stdin: the command's output.  Appends it to LOG, counts objects into _n,
# the last one into _now, and prints a progress line every 30 s.
_progress_read() {
	local log=$1 label=$2 t0=$3 total=$4 fd line= part next wait rc what
	exec {fd}>>"$log"
	next=$((EPOCHSECONDS + 30))
	while :; do
		wait=$((next - EPOCHSECONDS))
		[ $wait -ge 1 ] || wait=1
		if IFS= read -r -t "$wait" part; then
			line+=$part
			printf '%s\n' "$line" >&"$fd"
			if [[ $line =~ ^\ \ (HOST)?(CC|AS|AR|LD)(\ \[M\])?\ +([^ ]+) ]]; then
				_n=$((_n + 1))
				_now=${BASH_REMATCH[4]}
			fi
			line=
		else
			rc=$?
			line+=$part
			if [ $rc -le 128 ]; then # end of output
				[ -z "$line" ] || printf '%s\n' "$line" >&"$fd"
				break
			fi
		fi
		if [ "$EPOCHSECONDS" -ge "$next" ]; then
			if [ "$_n" = 0 ] && [ -z "$total" ]; then
				what="still running${line:+, last: ${line:0:100}}"
			elif [ -n "$total" ]; then
				what="$_n/~$total objects ($((_n * 100 / total > 99 ? 99 : _n * 100 / total))%)"
			else
				what="$_n objects"
			fi
			printf '[%s %4ss]   %s%s\n' "$label" $((EPOCHSECONDS - t0)) "$what" "${_now:+, now: $_now}"
			_ticks=$((_ticks + 1))
			next=$((EPOCHSECONDS + 30))
		fi
	done
	exec {fd}>&-
}
