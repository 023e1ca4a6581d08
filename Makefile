# SPDX-License-Identifier: GPL-2.0-only
# vfio-lifecycle: convert vfio drivers to the unified vfio_device life cycle.
#
# The two commands of the README:
#   make series KERNEL=<tree>   generate the patch series (see README)
#   make test                   run the test suite (TAP, under prove)

SHELL := /bin/sh
# Variables given on make's command line (M=, KERNEL=, ...) go to the
# scripts as arguments, never to the kernel builds they run: make would
# pass them down in MAKEFLAGS, and a kernel's make reading M= builds that
# directory as an external module instead of the kernel.
MAKEOVERRIDES :=
KERNEL ?=
CYCLES ?= 100

# $(call shq,TEXT): TEXT as one single-quoted shell word, whatever it holds
# (blanks, parentheses, quotes): paths go to the scripts as they were given.
shq = '$(subst ','\'',$(1))'

.DEFAULT_GOAL := help

help:
	@echo 'vfio-lifecycle targets:'
	@echo '  make deps                 install missing Debian packages (idempotent)'
	@echo '  make series               convert, build and boot the embedded examples/'
	@echo '  make series KERNEL=<tree> generate the conversion series in drivers-out/<name>/'
	@echo '  make check KERNEL=<tree>  check drivers-out/<name>/series: bisect builds (x86_64,'
	@echo '                            arm64, s390), sparse, checkpatch, changed lines compiled,'
	@echo '                            the final tree in QEMU; report.txt/report.html'
	@echo '  make check                boot the test kernel in QEMU and run the VFIO'
	@echo '                            life-cycle exerciser (mtty, mdpy, mbochs, vfio-pci)'
	@echo '                            for CYCLES rounds (default $(CYCLES)) under'
	@echo '                            kmemleak/KASAN'
	@echo '  make convert M=<dir> [KERNEL=<tree>]'
	@echo '                            convert an out-of-tree module into'
	@echo '                            drivers-out/modules/<name>/ and build it (default target:'
	@echo '                            the Debian 6.1 test kernel); its exit codes (make'
	@echo '                            shows them as Error N):'
	@echo '                            python3 -m lifecycle convert --help'
	@echo '  make test                 the test suite (TAP under prove)'
	@echo '  make test-quick           its fast tier: no kernel build, no QEMU'
	@echo '  make test-kernel          build (or reuse) the cached QEMU test kernel'
	@echo '  make clean                remove generated output in drivers-out/'
	@echo '  make distclean            also remove the cache (kernel tree, builds)'

deps:
	@sh scripts/deps.sh

test-kernel: deps
	@python3 -m lifecycle test-kernel

# Without KERNEL=: the embedded examples (convert, build, boot, report).
# With KERNEL=: the series for that tree in drivers-out/<name>/series/.
series: deps
ifeq ($(KERNEL),)
	@python3 -m lifecycle examples
else
	@python3 -m lifecycle series $(if $(HAND),--hand $(call shq,$(HAND))) $(if $(filter 1 yes,$(CC_MAINTAINERS)),--cc) $(if $(BRANCH),--branch $(call shq,$(BRANCH))) $(call shq,$(KERNEL))
endif

M ?=
convert: deps
	@python3 -m lifecycle convert $(call shq,M=$(M)) $(if $(KERNEL),$(call shq,KERNEL=$(KERNEL)))

# Without KERNEL=: the test kernel in QEMU.  With KERNEL=: the series in
# drivers-out/<name>/series checked patch by patch, then booted.
check: deps
ifeq ($(KERNEL),)
	@python3 -m lifecycle qemu --tests mtty,mdpy,mbochs,pci --cycles $(CYCLES)
else
	@python3 -m lifecycle check --cycles $(call shq,$(CYCLES)) $(call shq,$(KERNEL))
endif

test: deps
	@prove -v -e sh tests/

# The fast tier: the test files tagged "# tier: quick" (no kernel build,
# no QEMU; the Debian 6.1 source is unpacked for checkpatch and coccicheck).
# Two files at a time (JOBS=1: one): they share nothing but the tests'
# converter cache (tests/lib/convert_cache.py), whose entries appear whole.
QUICK = $(shell grep -l '^\# tier: quick' tests/*.t)
JOBS ?= 2
test-quick: deps
	@python3 -m lifecycle test-kernel --source
	@prove -v -j$(JOBS) -e sh $(QUICK)

clean:
	@find drivers-out -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	@rm -rf qemu/guest/build

distclean: clean
	@python3 -c 'import shutil; from lifecycle.common import CACHE; print("  RM       %s" % CACHE); shutil.rmtree(CACHE, ignore_errors=True)'

.PHONY: help deps test-kernel series convert check test test-quick clean distclean
