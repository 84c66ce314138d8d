#!/bin/bash
# Guest side of vm.<kernel>.cli_rejects_bad_devices: every bad DEVICE gives a
# one-line error naming the problem and exit status 1 — never a crash, never
# a pass.  Usage: cli_bad_input.sh PATH/TO/vfio-dmabuf
set -u
cli=$1
failures=0

expect_error() { # DESCRIPTION PATTERN COMMAND...
	local what=$1 pattern=$2
	shift 2
	local out rc=0
	out=$("$@" 2>&1 >/dev/null) || rc=$?
	local lines
	lines=$(printf '%s\n' "$out" | grep -c .)
	if [ "$rc" = 1 ] && [ "$lines" = 1 ] && grep -Eq "$pattern" <<<"$out"; then
		echo "ok: $what: $out"
	else
		echo "FAIL: $what: exit $rc, $lines lines, want 1 line matching /$pattern/: $out"
		failures=$((failures + 1))
	fi
}

# A PCI device that is not bound to vfio-pci: a PCIe root port (pcieport).
port=$(basename "$(dirname "$(readlink -f "/sys/bus/pci/devices/$VFIO_DMABUF_DEVICE")")")

for sub in info conformance; do
	expect_error "$sub of an absent device" "no PCI device 0000:3f:1f.7" \
		"$cli" "$sub" 3f:1f.7
	expect_error "$sub of a malformed address" "is not a PCI address" \
		"$cli" "$sub" not-a-device
	expect_error "$sub of a device bound to another driver ($port)" "not to vfio-pci" \
		"$cli" "$sub" "$port"
	expect_error "$sub without permission (uid 65534)" "needs root.*Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$cli" "$sub" "$VFIO_DMABUF_DEVICE"
done
# edu: bound to no driver (or to the test DRM driver) -- either way not vfio.
expect_error "conformance of edu ($VFIO_DMABUF_EDU)" "bound to no driver|not to vfio-pci" \
	"$cli" conformance "$VFIO_DMABUF_EDU"

echo "$failures failure(s)"
[ "$failures" = 0 ]
