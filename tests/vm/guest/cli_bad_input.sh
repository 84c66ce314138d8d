#!/bin/bash
# Guest side of vm.<kernel>.cli_rejects_bad_devices: every bad DEVICE gives a
# one-line error naming the problem and exit status 4 ("nothing could run":
# the device cannot be opened or used) — never a crash, never a pass; bad
# usage gives 2.  Usage: cli_bad_input.sh PATH/TO/vfio-dmabuf
set -u
cli=$1
failures=0

expect_error() { # DESCRIPTION PATTERN COMMAND...
	expect_status 4 "$@"
}

expect_status() { # STATUS DESCRIPTION PATTERN COMMAND...
	local want=$1 what=$2 pattern=$3
	shift 3
	local out rc=0
	out=$("$@" 2>&1 >/dev/null) || rc=$?
	local lines
	lines=$(printf '%s\n' "$out" | grep -c .)
	if [ "$rc" = "$want" ] && [ "$lines" = 1 ] && grep -Eq -e "$pattern" <<<"$out"; then
		echo "ok: $what: $out"
	else
		echo "FAIL: $what: exit $rc, $lines lines, want exit $want and 1 line matching /$pattern/: $out"
		failures=$((failures + 1))
	fi
}

# A PCI device that is not bound to vfio-pci: a PCIe root port (pcieport).
port=$(basename "$(dirname "$(readlink -f "/sys/bus/pci/devices/$VFIO_DMABUF_DEVICE")")")

# The permission cases run the CLI as uid 65534, which may not be able to
# enter the checkout (CI clones into a mktemp -d directory, mode 0700): they
# run a copy of the CLI and of the libraries it loads from the build tree,
# in a directory everyone may enter, so that they judge the CLI's answer and
# not the loader's.
nonroot=$(mktemp -d /tmp/vfio-dmabuf-nonroot.XXXXXX)
chmod 755 "$nonroot"
cp "$cli" "$nonroot/"
ldd "$cli" | awk '$3 ~ /^\// && $3 !~ /^\/(usr\/)?lib/ {print $3}' | while read -r lib; do
	cp "$lib" "$nonroot/"
done
chmod -R a+rX "$nonroot"
nonroot_cli="env LD_LIBRARY_PATH=$nonroot $nonroot/$(basename "$cli")"
if ! out=$(setpriv --reuid=65534 --regid=65534 --clear-groups $nonroot_cli --version 2>&1); then
	echo "FAIL: uid 65534 cannot run the copy of the CLI in $nonroot: $out"
	failures=$((failures + 1))
fi

for sub in info conformance; do
	expect_error "$sub of an absent device" "no PCI device 0000:3f:1f.7" \
		"$cli" "$sub" 3f:1f.7
	expect_error "$sub of a malformed address" "is not a PCI address" \
		"$cli" "$sub" not-a-device
	expect_error "$sub of a device bound to another driver ($port)" "not to vfio-pci" \
		"$cli" "$sub" "$port"
	expect_error "$sub without permission (uid 65534)" "needs root.*Permission denied" \
		setpriv --reuid=65534 --regid=65534 --clear-groups $nonroot_cli "$sub" "$VFIO_DMABUF_DEVICE"
done
# edu: bound to no driver (or to the test DRM driver) -- either way not vfio.
expect_error "conformance of edu ($VFIO_DMABUF_EDU)" "bound to no driver|not to vfio-pci" \
	"$cli" conformance "$VFIO_DMABUF_EDU"

# Bad usage, named: exit 2 before any device is touched.
for sub in info conformance; do
	expect_status 2 "$sub with an unknown option" "unknown option --no-such-option" \
		"$cli" "$sub" --no-such-option
	expect_status 2 "$sub --bar out of range" "--bar: '6' is not a number from 0 to 5" \
		"$cli" "$sub" --bar=6 "$VFIO_DMABUF_DEVICE"
done
expect_status 2 "conformance --json without a value" "--json needs a value" \
	"$cli" conformance "$VFIO_DMABUF_DEVICE" --json
# A BAR that ivshmem-plain does not have (it has BAR0, registers, and BAR2):
# nothing can run.
expect_error "conformance --bar 4 (absent)" "has no mappable memory BAR4" \
	"$cli" conformance --bar 4 "$VFIO_DMABUF_DEVICE"
expect_error "conformance with a filter no case matches" "no case matches 'no.such.case'" \
	"$cli" conformance --filter=no.such.case "$VFIO_DMABUF_DEVICE"

# Access modes the kernel or the VM does not offer: named, nothing runs.
expect_status 2 "conformance --iommu-mode with an unknown mode" \
	"--iommu-mode: unknown access mode 'type3' \\(auto, iommufd, group-type1" \
	"$cli" conformance --iommu-mode type3 "$VFIO_DMABUF_DEVICE"
expect_error "conformance --iommu-mode noiommu with the vIOMMU" \
	"access mode noiommu for $VFIO_DMABUF_DEVICE: IOMMU group [0-9]+ is a real one" \
	"$cli" conformance --iommu-mode noiommu "$VFIO_DMABUF_DEVICE"
# Every kernel here has the legacy container (CONFIG_VFIO_CONTAINER), which
# excludes iommufd's compat one.
expect_error "conformance --iommu-mode iommufd-compat with the legacy container" \
	"access mode iommufd-compat for $VFIO_DMABUF_DEVICE: /dev/vfio/vfio is the legacy vfio container" \
	"$cli" conformance --iommu-mode iommufd-compat "$VFIO_DMABUF_DEVICE"
if [ -z "$VFIO_DMABUF_CDEV" ]; then
	expect_error "conformance --iommu-mode iommufd without a vfio cdev" \
		"access mode iommufd for $VFIO_DMABUF_DEVICE: the device has no vfio cdev" \
		"$cli" conformance --iommu-mode iommufd "$VFIO_DMABUF_DEVICE"
fi

echo "$failures failure(s)"
[ "$failures" = 0 ]
