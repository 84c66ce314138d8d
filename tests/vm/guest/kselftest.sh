#!/bin/bash
# In the guest: run the series' kselftest (tools/testing/selftests/vfio)
# against the ivshmem device, then its I/O-port case against pci-testdev
# (ivshmem has no I/O BAR).  TAP output lands in OUTDIR for the host to judge.
#
#   kselftest.sh SELFTEST OUTDIR
set -u
bin=$1 out=$2
[ -x "$bin" ] || { echo "kselftest.sh: $bin is not an executable"; exit 2; }
[ -n "${VFIO_DMABUF_DEVICE:-}" ] || { echo "kselftest.sh: VFIO_DMABUF_DEVICE is not set"; exit 2; }
[ -n "${VFIO_DMABUF_IO_DEVICE:-}" ] || { echo "kselftest.sh: no I/O BAR device (run-guest --io-bar-device)"; exit 2; }

echo "== $bin $VFIO_DMABUF_DEVICE (ivshmem) on $(uname -r)"
"$bin" "$VFIO_DMABUF_DEVICE" 2>&1 | tee "$out/kselftest.tap"
echo "${PIPESTATUS[0]}" >"$out/kselftest.rc"

echo "== $bin -t export_of_an_io_port_bar_fails_with_einval $VFIO_DMABUF_IO_DEVICE (pci-testdev)"
"$bin" -t export_of_an_io_port_bar_fails_with_einval "$VFIO_DMABUF_IO_DEVICE" 2>&1 |
	tee "$out/kselftest-io.tap"
echo "${PIPESTATUS[0]}" >"$out/kselftest-io.rc"
exit 0
