#!/bin/sh
# tier: quick (no kernel build, no QEMU: make test-quick)
# The converter's verdicts name the shape and the line (test 50 checks
# the verdict word and the output; this checks what it says):
#  - a vfio-pci-core device the probe does not allocate (a parent owns
#    it): refused, the core's release would free it;
#  - the driver data set after vfio_pci_core_register_device() (the 6.1
#    core needs it before): moved before it when nothing between can use
#    it, else refused with the line of the set.
set -eu
. "$(dirname "$0")/tap.sh"
plan 8

IN=$TOP/tests/cocci/in
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# verdict API FILE: the converter's report for FILE (the lines under it too)
verdict() {
	(cd "$IN" && sh "$TOP/scripts/cocci-convert.sh" --target "$1" \
		--out "$tmp/$1-$2" "$2" >/dev/null 2>&1) || true
	sed "s|^$2: ||" "$tmp/$1-$2/.cocci/conversion.txt"
}

for api in 6.1 6.2; do
	v=$(verdict $api lc_pci_parent.c)
	like "$v" "why: parent-owned vfio-pci-core device \\(line 33\\): vfio-pci-core's release frees the object, which the parent owns" \
		"$api parent-owned pci-core device: refused, naming the shape and the line"

	v=$(verdict $api lc_pci_drvdata_far.c)
	like "$v" "^NOT CONVERTED: drvdata set after vfio_pci_core_register_device\\(\\) \\(line 45\\): a 6.1 core needs it before\$" \
		"$api drvdata set after the registration, a call between: refused with the line"

	v=$(verdict $api lc_pci_drvdata_late.c)
	like "$v" "^converted \\(idiomatic, .*lcd_probe\\(\\): drvdata set before vfio_pci_core_register_device\\(\\) \\(was after it, line 37\\)" \
		"$api drvdata set right after the registration: moved, saying from where"
	# in the output, the set comes before the registration
	d=$(grep -n 'dev_set_drvdata(&pdev->dev, &lcd->core_device);' "$tmp/$api-lc_pci_drvdata_late.c/lc_pci_drvdata_late.c" | cut -d: -f1)
	r=$(grep -n 'vfio_pci_core_register_device(&lcd->core_device);' "$tmp/$api-lc_pci_drvdata_late.c/lc_pci_drvdata_late.c" | cut -d: -f1)
	[ -n "$d" ] && [ -n "$r" ] && [ "$d" -lt "$r" ] && rc=0 || rc=1
	ok "$rc" "$api drvdata set ($d) before the registration ($r)"
done
tap_exit
