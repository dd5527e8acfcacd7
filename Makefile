# tend: a self-guided CBT course for the terminal.
#
#   make run      install what is missing, build, start on the bundled course
#   make check    install what is missing, build, run every test
#   make          build the program only; never installs anything
#   make install  copy it under PREFIX (/usr/local); never installs packages
#
# Only deps, run, check and the other test targets (deb-check, dist-check)
# may install Debian packages (apt-get, through sudo when not root) or use
# the network; make, make install, make deb, make static and make
# dist-offline never do.  Honours CC, CPPFLAGS, CFLAGS, LDFLAGS, PREFIX,
# DESTDIR and the folder variables below.  CI=true adds -Werror.

.SUFFIXES:

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATAROOTDIR ?= $(PREFIX)/share
SHAREDIR  ?= $(DATAROOTDIR)/tend
MANDIR    ?= $(DATAROOTDIR)/man
LOCALEDIR ?= $(DATAROOTDIR)/locale
DOCDIR    ?= $(DATAROOTDIR)/doc/tend
BASHCOMPDIR ?= $(DATAROOTDIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATAROOTDIR)/zsh/site-functions
# The clinic's folder is SYSCONFDIR/tend; install puts nothing there.
SYSCONFDIR ?= /etc
CC        ?= cc
BUILD     ?= build

PKGS       = ncursesw libcmark sqlite3 libsodium yaml-0.1
TEST_PKGS  = cmocka
# Debian packages that provide the above, and the tools the tests use.
DEB_PKGS   = build-essential pkg-config libncurses-dev libcmark-dev \
	     libsqlite3-dev libsodium-dev libyaml-dev libcmocka-dev libunistring-dev \
	     tmux mandoc valgrind clang-format cmark lowdown less strace \
	     python3 python3-icalendar gettext locales tzdata zsh \
	     chromium poppler-utils sqlite3 time
# Only for building and testing the Debian package (make deb-check).
PKG_DEB_PKGS = debhelper dpkg-dev fakeroot lintian

WARN       = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	     -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wwrite-strings \
	     -Wformat=2 -Wundef -Wvla -Wimplicit-fallthrough \
	     -Wno-unused-parameter
ifeq ($(CI),true)
WARN      += -Werror
endif
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc $(WARN) \
	     -DTEND_VERSION='"$(VERSION)"' \
	     $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS) $(EXTRA_CFLAGS)
# The folders built into the binary: only util/path.c sees them, and it is
# rebuilt when they change (make, then make install PREFIX=/usr, ships a
# binary that knows /usr).  The binary also finds PREFIX/share/tend from
# its own place, so a moved install keeps working.
PATH_DEFS  = -DTEND_SHAREDIR='"$(SHAREDIR)"' \
	     -DTEND_SYSCONFDIR='"$(SYSCONFDIR)/tend"'
# libunistring has no pkg-config file in Debian.
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lm -pthread
TEST_LIBS  = $(shell pkg-config --libs $(TEST_PKGS) 2>/dev/null)

SRCS       = $(sort $(wildcard src/*/*.c))
OBJS       = $(SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS  = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS  = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_SRCS  = $(sort $(wildcard tests/tools/*.c))
TOOL_BINS  = $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tools/%)
BENCH_SRCS = $(sort $(wildcard tests/bench/*.c))
BENCH_BINS = $(BENCH_SRCS:tests/bench/%.c=$(BUILD)/bench/%)
FUZZ_SRCS  = $(sort $(wildcard tests/fuzz/fuzz_*.c))

TEND       = $(BUILD)/tend
LIB        = $(BUILD)/libtend.a

PO_FILES   = $(sort $(wildcard po/*.po))
LANGS      = $(PO_FILES:po/%.po=%)
MO_FILES   = $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/tend.mo)
MAN1       = $(sort $(wildcard man/*.1))
MAN5       = $(sort $(wildcard man/*.5))
MAN7       = $(sort $(wildcard man/*.7))

.PHONY: all build-all prepare run check check-only unit cli e2e content-check \
	crash-loop \
	asan valgrind lint fuzz bench install uninstall clean deps need-deps \
	need-build-deps mo static dist-offline dist-check deb deb-deps deb-check \
	apt-install

# The program (and its message catalogues).  Never installs anything: when
# a library is missing it says which, and how to get it.
all: need-build-deps
	@$(MAKE) --no-print-directory $(TEND) mo

build-all: $(TEND) $(TOOL_BINS) $(UNIT_BINS) mo

# The targets that set up a fresh Debian machine (need-deps may run
# apt-get), then build in a sub-make that sees the pkg-config flags of the
# packages just installed.
prepare: need-deps
	@$(MAKE) --no-print-directory build-all

$(TEND): $(BUILD)/src/main.o $(LIB)
	@echo "  LD  $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/src/main.o $(LIB) $(LIBS)

$(LIB): $(OBJS)
	@rm -f $@
	@ar rcs $@ $(OBJS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC  $<"
	@$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# Only util/path.c sees the folders; it is rebuilt when they change.
$(BUILD)/src/util/path.o: ALL_CFLAGS += $(PATH_DEFS)
$(BUILD)/src/util/path.o: $(BUILD)/paths.stamp
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(PATH_DEFS)' >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
FORCE:

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(@D)
	@echo "  LD  $@"
	@$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB) $(LIBS) $(TEST_LIBS)

$(BUILD)/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(@D)
	@echo "  LD  $@"
	@$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB) $(LIBS) -lutil

$(BUILD)/bench/%: tests/bench/%.c $(LIB)
	@mkdir -p $(@D)
	@echo "  LD  $@"
	@$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB) $(LIBS) -lutil

# --- Translations (po/README) -------------------------------------------
# make pot: po/tend.pot from the sources (xgettext: _, N_, ngettext; the
# "TRANSLATORS:" comments go with them).  make po: merges it into every
# po/LANG.po.  make (mo) builds each into $(BUILD)/locale/LANG/LC_MESSAGES/
# tend.mo, where the program finds it when run from the tree; make install
# puts it in $(LOCALEDIR).  msgfmt comes with gettext (DEB_PKGS).
POT        = po/tend.pot
XGETTEXT   = xgettext --from-code=UTF-8 --language=C -k_ -kN_ \
	     -kngettext:1,2 --add-comments=TRANSLATORS: --add-location=file \
	     --package-name=tend --package-version=$(VERSION) \
	     --msgid-bugs-address=tend --copyright-holder='the tend authors'

.PHONY: pot po
pot:
	@echo "  POT $(POT)"
	@$(XGETTEXT) -o $(POT).new $(SRCS) src/main.c $(sort $(wildcard src/*/*.h))
	@if [ -f $(POT) ] && diff -q -I '^"POT-Creation-Date:' $(POT) \
	  $(POT).new >/dev/null; then rm -f $(POT).new; \
	else mv $(POT).new $(POT); fi

po: pot
	@for p in $(PO_FILES); do echo "  MERGE $$p"; \
	  msgmerge --quiet --update --backup=none $$p $(POT) || exit 1; done

mo: $(MO_FILES)

$(BUILD)/locale/%/LC_MESSAGES/tend.mo: po/%.po
	@mkdir -p $(@D)
	@echo "  MO  $<"
	@msgfmt -c -o $@ $<

-include $(OBJS:.o=.d) $(BUILD)/src/main.d

# Set-up: install the Debian packages that are missing, once.
need-deps:
	@pkg-config --exists $(PKGS) $(TEST_PKGS) && test -f /usr/include/uninorm.h \
	  && command -v tmux >/dev/null \
	  && command -v mandoc >/dev/null || $(MAKE) --no-print-directory deps

need-build-deps:
	@pkg-config --exists $(PKGS) || { \
	  echo "tend: these libraries are missing (pkg-config): $(PKGS)"; \
	  echo "  On Debian: apt-get install pkg-config libncurses-dev libcmark-dev libsqlite3-dev libsodium-dev libyaml-dev"; \
	  echo "  or 'make deps' (installs them and the test tools)."; \
	  exit 1; }

deps:
	@$(MAKE) --no-print-directory apt-install APT_PKGS="$(DEB_PKGS)"

deb-deps:
	@$(MAKE) --no-print-directory apt-install APT_PKGS="$(PKG_DEB_PKGS)"

apt-install:
	@missing=""; for p in $(APT_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing </dev/null >/dev/null; \
	fi

run: prepare
	TEND_SHARE_DIR=$(CURDIR) $(TEND) --content $(CURDIR)/content

# Every test.  Each suite prints its own summary; the last line is the total.
check: prepare
	@sh tests/run-all.sh $(BUILD)

unit: prepare
	@sh tests/run-all.sh $(BUILD) unit

cli: prepare
	@sh tests/run-all.sh $(BUILD) cli

e2e: prepare
	@sh tests/run-all.sh $(BUILD) e2e

content-check: all
	TEND_SHARE_DIR=$(CURDIR) $(TEND) check-content content

# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: need-deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" build-all
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" check-only

check-only:
	@sh tests/run-all.sh $(BUILD)

# The unit and CLI suites under valgrind (memcheck, leaks are errors).
valgrind: prepare
	@TEND_VALGRIND=1 sh tests/run-all.sh $(BUILD) unit cli

# The crash test at length: SIGKILLs until CRASH_KILLS of them (3000 by
# default) landed in journal appends and compactions, each checked.
CRASH_KILLS ?= 3000
crash-loop: prepare
	@CRASH_KILLS=$(CRASH_KILLS) TAMPER_STRIDE=1 TEND=$(CURDIR)/$(TEND) TOP=$(CURDIR) \
	  sh tests/cli/test_vault_crash.sh

fuzz:
	@sh tests/fuzz/run.sh

bench: prepare
	@$(MAKE) --no-print-directory $(BENCH_BINS)
	@sh tests/bench/run.sh $(BUILD)

lint:
	@sh tests/lint.sh

# --- Installing --------------------------------------------------------
#
# install records the folders it had to create in $(SHAREDIR)/installed-dirs;
# uninstall removes tend's files, then those folders when they are empty,
# so that install followed by uninstall leaves the machine as it was
# (make install PREFIX=/opt/tend; make uninstall PREFIX=/opt/tend: no
# /opt/tend).  Folders that were there before are never removed.

INST_DIRS  = $(BINDIR) $(SHAREDIR) $(MANDIR)/man1 $(MANDIR)/man5 \
	     $(MANDIR)/man7 \
	     $(BASHCOMPDIR) $(ZSHCOMPDIR) $(DOCDIR) $(DOCDIR)/examples \
	     $(LANGS:%=$(LOCALEDIR)/%/LC_MESSAGES)
MANIFEST   = $(SHAREDIR)/installed-dirs
DOC_FILES  = README.md LICENSE $(sort $(wildcard LICENSES/*.txt))

install: all
	@set -e; D="$(DESTDIR)"; new=""; \
	if [ -f "$$D$(MANIFEST)" ]; then new=$$(cat "$$D$(MANIFEST)"); fi; \
	for d in $(INST_DIRS); do \
	  p=$$d; while [ "$$p" != / ] && [ ! -d "$$D$$p" ]; do \
	    new="$$new $$p"; p=$$(dirname "$$p"); done; \
	done; \
	for d in $(INST_DIRS); do install -d "$$D$$d"; done; \
	echo "  INSTALL $(BINDIR)/tend"; \
	install -m 0755 $(TEND) "$$D$(BINDIR)/tend"; \
	echo "  INSTALL $(SHAREDIR)/content, data"; \
	rm -rf "$$D$(SHAREDIR)/content" "$$D$(SHAREDIR)/data"; \
	cp -R content data "$$D$(SHAREDIR)/"; \
	chmod -R u=rwX,go=rX "$$D$(SHAREDIR)/content" "$$D$(SHAREDIR)/data"; \
	echo "  INSTALL man pages, completion, documentation"; \
	install -m 0644 $(MAN1) "$$D$(MANDIR)/man1/"; \
	install -m 0644 $(MAN5) "$$D$(MANDIR)/man5/"; \
	install -m 0644 $(MAN7) "$$D$(MANDIR)/man7/"; \
	install -m 0644 completion/tend.bash "$$D$(BASHCOMPDIR)/tend"; \
	install -m 0644 completion/_tend "$$D$(ZSHCOMPDIR)/_tend"; \
	install -m 0644 $(DOC_FILES) "$$D$(DOCDIR)/"; \
	install -m 0644 dist/config "$$D$(DOCDIR)/examples/config"; \
	for l in $(LANGS); do \
	  install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/tend.mo \
	    "$$D$(LOCALEDIR)/$$l/LC_MESSAGES/tend.mo"; done; \
	printf '%s\n' $$new | sort -u >"$$D$(MANIFEST)"

uninstall:
	@D="$(DESTDIR)"; dirs=""; \
	if [ -f "$$D$(MANIFEST)" ]; then dirs=$$(cat "$$D$(MANIFEST)"); fi; \
	rm -f "$$D$(BINDIR)/tend" "$$D$(MANIFEST)"; \
	rm -rf "$$D$(SHAREDIR)/content" "$$D$(SHAREDIR)/data"; \
	for m in $(MAN1:man/%=%); do rm -f "$$D$(MANDIR)/man1/$$m"; done; \
	for m in $(MAN5:man/%=%); do rm -f "$$D$(MANDIR)/man5/$$m"; done; \
	for m in $(MAN7:man/%=%); do rm -f "$$D$(MANDIR)/man7/$$m"; done; \
	rm -f "$$D$(BASHCOMPDIR)/tend" "$$D$(ZSHCOMPDIR)/_tend"; \
	for f in $(notdir $(DOC_FILES)); do rm -f "$$D$(DOCDIR)/$$f"; done; \
	rm -f "$$D$(DOCDIR)/examples/config"; \
	for l in $(LANGS); do \
	  rm -f "$$D$(LOCALEDIR)/$$l/LC_MESSAGES/tend.mo"; done; \
	rmdir "$$D$(DOCDIR)/examples" "$$D$(DOCDIR)" "$$D$(SHAREDIR)" \
	  2>/dev/null || true; \
	for d in $$(printf '%s\n' $$dirs | sort -r); do \
	  rmdir "$$D$$d" 2>/dev/null || true; done

# --- Packages ----------------------------------------------------------
#
# make static: one binary linked statically against ncursesw, SQLite,
# libsodium, libcmark, libyaml (Debian ships their .a files) and glibc, for
# machines that are not Debian 12.  make dist-offline: the tarball
# build-dist/tend-VERSION-ARCH.tar.gz with that binary, the course, data,
# man pages, completion, a terminfo folder for the common terminals, a
# UTF-8 character set and an install script (dist/install.sh).  make
# dist-check: runs the bundle in an empty chroot (tests/pkg/test_bundle.sh;
# as root).

STATIC_BUILD = build-static
STATIC_TEND  = $(STATIC_BUILD)/tend
ARCH        := $(shell uname -m)
DIST_NAME    = tend-$(VERSION)-$(ARCH)
DIST_DIR     = build-dist
DIST_TAR     = $(DIST_DIR)/$(DIST_NAME).tar.gz
TERMINALS    = xterm xterm-256color screen screen-256color tmux tmux-256color \
	       linux vt100 vt220 dumb

static: need-build-deps
	@$(MAKE) --no-print-directory BUILD=$(STATIC_BUILD) \
	  LDFLAGS="$(LDFLAGS) -static" \
	  LIBS="$$(pkg-config --static --libs $(PKGS)) -lunistring -lm -pthread" $(STATIC_TEND) mo
	@strip -o $(STATIC_TEND).stripped $(STATIC_TEND)
	@ls -l $(STATIC_TEND).stripped

dist-offline: static
	@sh dist/make-bundle.sh $(DIST_DIR) $(DIST_NAME) $(STATIC_TEND).stripped \
	  "$(TERMINALS)"
	@ls -l $(DIST_TAR)

dist-check: dist-offline
	@sh tests/pkg/test_bundle.sh $(DIST_TAR)
#
# make deb: the Debian package, built offline from a copy of this tree in
# build-deb/ (dpkg-buildpackage -us -uc -b; needs debhelper, dpkg-dev and
# fakeroot, which `make deb-deps` installs).  make deb-check: builds it,
# runs lintian, installs it without network, runs tend as a new user and
# purges it (tests/pkg/test_deb.sh; as root).

DEB_DIR    = build-deb
DEB_SRC    = $(DEB_DIR)/tend-$(VERSION)

deb:
	@command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null || { \
	  echo "tend: make deb needs debhelper and dpkg-dev (make deb-deps)"; \
	  exit 1; }
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	@tar --exclude=./build --exclude='./build-*' --exclude=./.git \
	  --exclude=./debian/tend --exclude=./debian/.debhelper -cf - . | \
	  tar -xf - -C $(DEB_SRC)
	@cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b >../build.log 2>&1 || { \
	  tail -40 ../build.log; exit 1; }
	@ls -l $(DEB_DIR)/*.deb

deb-check: deb-deps
	@$(MAKE) --no-print-directory deb
	@sh tests/pkg/test_deb.sh $(DEB_DIR)

clean:
	rm -rf build build-asan build-fuzz build-static build-dist build-deb
