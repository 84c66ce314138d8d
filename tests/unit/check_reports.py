#!/usr/bin/env python3
"""check_reports.py REPORT_SAMPLE DIR: runs REPORT_SAMPLE DIR, then parses
what it wrote with Python's own parsers -- the JUnit XML with
xml.etree.ElementTree, the JSON with json -- and checks that every field
holds the hostile detail as the reports promise: valid UTF-8 (invalid
sequences as U+FFFD), and in XML the characters XML 1.0 forbids as U+FFFD.
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sample, out = sys.argv[1], sys.argv[2]
subprocess.run([sample, out], check=True)
raw = open(f"{out}/detail.bin", "rb").read()
text = raw.decode("utf-8", errors="replace")
# What XML can carry: C0 controls other than \t \n \r are not XML 1.0 characters.
xml_text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "\ufffd", text)
failures = []


def expect(what, got, want):
    if got != want:
        failures.append(f"{what}:\n    got  {got!r}\n    want {want!r}")


doc = json.load(open(f"{out}/report.json", encoding="utf-8"))
expect("JSON schema_version", doc["schema_version"], 2)
expect("JSON kernel", doc["kernel"], "6.12.0 <\"&'>")
expect("JSON exporter", doc["exporter"], "patched\x01")
by = {c["name"]: c for c in doc["cases"]}
expect("JSON fail detail", by["export.fails"]["detail"], text)
expect("JSON fail errno", (by["export.fails"]["errno"], by["export.fails"]["errno_value"]),
       ("EINVAL", 22))
expect("JSON pass errno", (by["export.passes"]["errno"], by["export.passes"]["errno_value"]),
       (None, None))
expect("JSON error errno", by["revoke.errs"]["errno"], None)

root = ET.parse(f"{out}/report.xml").getroot()
suite = root.find("testsuite")
expect("JUnit counts", {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")},
       {"tests": "4", "failures": "1", "errors": "1", "skipped": "1"})
cases = {c.get("name"): c for c in suite.iter("testcase")}
failure = cases["export.fails"].find("failure")
expect("JUnit failure body", failure.text, xml_text)
expect("JUnit failure message (first line)", failure.get("message"), xml_text.split("\n")[0])
expect("JUnit failure type", failure.get("type"), "EINVAL")
skipped = cases["mmap.unsupported"].find("skipped")
expect("JUnit skipped message", skipped.get("message"), "unsupported: no mmap here (EINVAL)")
expect("JUnit skipped body", skipped.text, "no mmap here (EINVAL)\n" + xml_text)
error = cases["revoke.errs"].find("error")
expect("JUnit error body", error.text, xml_text)
expect("JUnit error type", error.get("type"), None)
expect("JUnit pass has no child", len(list(cases["export.passes"])), 0)
props = {p.get("name"): p.get("value") for p in suite.iter("property")}
expect("JUnit kernel property", props["kernel"], "6.12.0 <\"&'>")

tap = open(f"{out}/report.tap", encoding="utf-8").read().split("\n")
expect("TAP header", tap[:2], ["TAP version 13", "1..4"])
results = [l for l in tap if re.match(r"(not )?ok \d", l)]
expect("TAP result lines", [re.sub(r" # .*", "", l) for l in results],
       ["ok 1 export.passes", "not ok 2 export.fails", "ok 3 mmap.unsupported",
        "not ok 4 revoke.errs"])
expect("TAP skip directive", results[2], "ok 3 mmap.unsupported # SKIP no mmap here (EINVAL)")
if not results[3].startswith("not ok 4 revoke.errs # error: got "):
    failures.append(f"TAP error directive: {results[3]!r}")
bad = [l for l in tap if l and not (l.startswith("# ") or l in results or l in tap[:2])]
expect("TAP lines that are neither results nor '# ' comments", bad, [])
ctrl = [l for l in tap if re.search(r"[\x00-\x08\x0b-\x1f]", l)]
expect("TAP lines with control characters", ctrl, [])

for f in failures:
    print("FAIL " + f)
print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
