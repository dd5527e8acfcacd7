# tend: a self-guided CBT course for the terminal.
#
#   make run      install what is missing, build, start on the bundled course
#   make check    install what is missing, build, run every test
#
# Honours CC, CFLAGS, LDFLAGS, PREFIX, DESTDIR.  CI=true adds -Werror.

.SUFFIXES:

VERSION    = 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
SHAREDIR  ?= $(PREFIX)/share/tend
MANDIR    ?= $(PREFIX)/share/man
CC        ?= cc
BUILD     ?= build

PKGS       = ncursesw libcmark sqlite3 libsodium yaml-0.1
TEST_PKGS  = cmocka
# Debian packages that provide the above, and the tools the tests use.
DEB_PKGS   = build-essential pkg-config libncurses-dev libcmark-dev \
	     libsqlite3-dev libsodium-dev libyaml-dev libcmocka-dev \
	     tmux mandoc valgrind clang-format cmark lowdown less strace \
	     python3 python3-icalendar gettext locales tzdata

WARN       = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	     -Wmissing-prototypes -Wpointer-arith -Wcast-qual -Wwrite-strings \
	     -Wformat=2 -Wundef -Wvla -Wimplicit-fallthrough \
	     -Wno-unused-parameter
ifeq ($(CI),true)
WARN      += -Werror
endif
CFLAGS    ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Isrc $(WARN) \
	     -DTEND_VERSION='"$(VERSION)"' -DTEND_SHAREDIR='"$(SHAREDIR)"' \
	     $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(CFLAGS) $(EXTRA_CFLAGS)
LIBS       = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm
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

.PHONY: all build-all run check unit cli e2e content-check asan valgrind lint fuzz \
	bench install uninstall clean deps need-deps

# Targets a person types run need-deps first, then a sub-make that sees the
# pkg-config flags of freshly installed packages.
all: need-deps
	@$(MAKE) --no-print-directory build-all

build-all: $(TEND) $(TOOL_BINS) $(UNIT_BINS)

$(TEND): $(BUILD)/src/main.o $(LIB)
	@echo "  LD  $@"
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(BUILD)/src/main.o $(LIB) $(LIBS)

$(LIB): $(OBJS)
	@rm -f $@
	@ar rcs $@ $(OBJS)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC  $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

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

-include $(OBJS:.o=.d) $(BUILD)/src/main.d

# Set-up: install the Debian packages that are missing, once.
need-deps:
	@pkg-config --exists $(PKGS) $(TEST_PKGS) && command -v tmux >/dev/null \
	  && command -v mandoc >/dev/null || $(MAKE) --no-print-directory deps

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing \
	    </dev/null >/dev/null; \
	fi

run: all
	TEND_SHARE_DIR=$(CURDIR) $(TEND) --content $(CURDIR)/content

# Every test.  Each suite prints its own summary; the last line is the total.
check: all
	@sh tests/run-all.sh $(BUILD)

unit: all
	@sh tests/run-all.sh $(BUILD) unit

cli: all
	@sh tests/run-all.sh $(BUILD) cli

e2e: all
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

# The unit and CLI suites under valgrind (memcheck, leaks are errors).
check-only:
	@sh tests/run-all.sh $(BUILD)

valgrind: all
	@TEND_VALGRIND=1 sh tests/run-all.sh $(BUILD) unit cli

fuzz:
	@sh tests/fuzz/run.sh

bench: all
	@$(MAKE) --no-print-directory $(BENCH_BINS)
	@sh tests/bench/run.sh $(BUILD)

lint:
	@sh tests/lint.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 0755 $(TEND) $(DESTDIR)$(BINDIR)/tend
	cp -R content data $(DESTDIR)$(SHAREDIR)/
	install -m 0644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 man/*.5 $(DESTDIR)$(MANDIR)/man5/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/tend
	rm -rf $(DESTDIR)$(SHAREDIR)
	for m in man/*.1; do rm -f $(DESTDIR)$(MANDIR)/man1/$${m#man/}; done
	for m in man/*.5; do rm -f $(DESTDIR)$(MANDIR)/man5/$${m#man/}; done

clean:
	rm -rf build build-asan build-fuzz
