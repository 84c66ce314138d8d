#!/bin/bash
# In the guest: run the series' kselftest (tools/testing/selftests/vfio)
# against the ivshmem device, then its I/O-port case against pci-testdev
# (ivshmem has no I/O BAR).  TAP output lands in OUTDIR for the host to judge.
#
#   kselftest.sh SELFTEST OUTDIR
#   kselftest.sh --acs SELFTEST OUTDIR
#
# The refused-import case needs an importer with no peer-to-peer path to the
# device, which the standard VM does not have: it is left out of the first
# run.  --acs runs only that case, in the VM cases/kselftest boots for it: a
# second ivshmem and a second edu as functions 0 and 1 of one slot behind a
# root port, an Intel CPU (so no host bridge is trusted for P2P) and no
# IOMMU (the two functions would share an IOMMU group).  ACS redirect is set
# on that root port here, as the kernel does when an IOMMU asks for ACS;
# edu then has no P2P path to that ivshmem.  TAP: OUTDIR/kselftest-acs.tap.
set -u
acs=0
[ "${1:-}" = --acs ] && { acs=1; shift; }
bin=$1 out=$2
refused=refused_peer_to_peer_imports_print_nothing
[ -x "$bin" ] || { echo "kselftest.sh: $bin is not an executable"; exit 2; }
[ -n "${VFIO_DMABUF_DEVICE:-}" ] || { echo "kselftest.sh: VFIO_DMABUF_DEVICE is not set"; exit 2; }

if [ $acs = 1 ]; then
	dev= edu=
	for d in /sys/bus/pci/devices/*; do
		b=$(basename "$d")
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1af4:0x1110 ] &&
			[ "$b" != "$VFIO_DMABUF_DEVICE" ] && dev=$b
	done
	[ -n "$dev" ] || { echo "kselftest.sh: no second ivshmem (cases/kselftest adds it)"; exit 2; }
	port=$(basename "$(readlink -f "/sys/bus/pci/devices/$dev/..")")
	for d in /sys/bus/pci/devices/"$port"/0000:*; do
		[ -f "$d/vendor" ] || continue # the port's own services
		[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1234:0x11e8 ] && edu=$(basename "$d")
	done
	[ -n "$edu" ] || { echo "kselftest.sh: no edu next to $dev"; exit 2; }
	echo vfio-pci >"/sys/bus/pci/devices/$dev/driver_override"
	echo "$dev" >/sys/bus/pci/drivers_probe
	# ACS Request and Completion Redirect (control register at +6)
	setpci -s "$port" ECAP0d+6.w=000c:000c ||
		{ echo "kselftest.sh: $port has no ACS capability"; exit 2; }
	echo "== $bin -t $refused $dev (behind $port, ACS control $(setpci -s "$port" ECAP0d+6.w)), edu $edu, on $(uname -r)"
	VFIO_SELFTESTS_EDU_BDF=$edu "$bin" -t "$refused" "$dev" 2>&1 | tee "$out/kselftest-acs.tap"
	echo "${PIPESTATUS[0]}" >"$out/kselftest-acs.rc"
	exit 0
fi

[ -n "${VFIO_DMABUF_IO_DEVICE:-}" ] || { echo "kselftest.sh: no I/O BAR device (run-guest --io-bar-device)"; exit 2; }

echo "== $bin -T $refused $VFIO_DMABUF_DEVICE (ivshmem) on $(uname -r)"
"$bin" -T "$refused" "$VFIO_DMABUF_DEVICE" 2>&1 | tee "$out/kselftest.tap"
echo "${PIPESTATUS[0]}" >"$out/kselftest.rc"

echo "== $bin -t export_of_an_io_port_bar_fails_with_einval $VFIO_DMABUF_IO_DEVICE (pci-testdev)"
"$bin" -t export_of_an_io_port_bar_fails_with_einval "$VFIO_DMABUF_IO_DEVICE" 2>&1 |
	tee "$out/kselftest-io.tap"
echo "${PIPESTATUS[0]}" >"$out/kselftest-io.rc"
exit 0
