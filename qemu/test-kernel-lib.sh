# shellcheck shell=sh
# How the x86_64 test kernel is configured and built, the same way by
# qemu/test-kernel.sh (Debian's 6.1) and qemu/qemu-kernel.sh (make
# check's final tree).  Sourced after scripts/lib.sh, never run.  A change
# here changes test-kernel.sh's stamp: its kernels are built again.

# tk_make SRC OUT ARGS...: Kbuild for it, CC from TK_CC (default gcc).
# Kbuild's check-local-export is off: it runs nm and a bash loop on every
# object, a tenth of the CPU of this kernel's build (measured on 6.0.1
# with process accounting), and checks the tree's exports, not what the
# guests run.  The bisect's builds of make check keep it, on every object
# a series touches.  (A kernel without the check ignores the setting.)
tk_make() {
	tk_src=$1
	tk_out=$2
	shift 2
	make -C "$tk_src" O="$tk_out" ARCH=x86 CC="${TK_CC:-gcc}" -j"${J:-$(ncpus)}" \
		cmd_check_local_export= "$@"
}

# tk_configure SRC OUT FRAGMENT...: OUT/.config as allnoconfig with the
# fragments (KCONFIG_ALLCONFIG=OUT/lc-fragment.config), and every symbol
# of them verified: a symbol Kconfig refused to set is named on stderr and
# the status is 1, not a silent drift.
tk_configure() {
	tc_src=$1
	tc_out=$2
	shift 2
	mkdir -p "$tc_out"
	cat "$@" >"$tc_out/lc-fragment.config"
	KCONFIG_ALLCONFIG=$tc_out/lc-fragment.config tk_make "$tc_src" "$tc_out" -s allnoconfig ||
		return 1
	# a symbol this tree's Kconfig does not have (an older base family:
	# make check's final tree) is left out, said; any other must take
	tc_unk=$(kconfig_unknown "$tc_src" "$tc_out/lc-fragment.config")
	[ -z "$tc_unk" ] || warn "not in this tree's Kconfig, left out: $(echo "$tc_unk" | paste -sd' ' -)"
	tc_bad=$(config_refused_known "$tc_unk" "$tc_out/.config" "$tc_out/lc-fragment.config" | paste -sd' ' -)
	[ -n "$tc_bad" ] || return 0
	warn "Kconfig did not accept: $tc_bad (see $tc_out/.config)"
	return 1
}
