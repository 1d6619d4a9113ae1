# SPDX-License-Identifier: ISC
# tequio - servicio social por correo electrónico.
#
#   make demo    install what is missing, start loopback servers, run a demo
#   make check   install what is missing, build with sanitizers, run all tests
#   make bench   benchmarks (never part of check)
#   make coverage  unit and integration tests built with gcov (build/cov),
#                then line coverage per file, least covered first
#   make fuzz    build the libFuzzer targets (fuzz/) and run each one for
#                FUZZ_SECONDS (default 60)
#   make install PREFIX=/usr/local DESTDIR=
#   make deb     the Debian package (dpkg-buildpackage -us -uc -b), in ..
#
# Every .c file under the module folders is part of the library that both
# programs and the tests link; adding a module is adding a file.

CC      ?= gcc
PREFIX  ?= /usr/local
SYSCONFDIR ?= /etc
UNITDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=
BUILD   ?= build
FUZZ_SECONDS ?= 60

PKGS    := sqlite3 libmagic libsodium libqrencode gnutls \
           libheif libjpeg zlib
# libetpan's .pc names a spec file absent on fresh machines: link it by hand.
# libharu has no .pc at all.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libheif is opened when a HEIC photo arrives (mail/heiflib.c), not linked.
PKG_LIBS   = $(filter-out -lheif,$(shell pkg-config --libs $(PKGS) 2>/dev/null)) \
             -letpan -lhpdf -lm -lunistring -lytnef

WARN    := -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral \
           -Wstrict-prototypes -Wmissing-prototypes -Wvla
INC     := -I.
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -pthread -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) $(INC) \
             $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS) $(PATH_DEFS)
# The only paths compiled in: defaults that the configuration (templates)
# and -c override.  Changing PREFIX or SYSCONFDIR rebuilds (paths.stamp).
PATH_DEFS = -DTEQUIO_DATADIR='"$(PREFIX)/share/tequio"' \
            -DTEQUIO_SYSCONFDIR='"$(SYSCONFDIR)"'
ALL_LDFLAGS = -pthread $(LDFLAGS) $(EXTRA_LDFLAGS)

MODULES := common config mail store spool mailbox outbox letters handlers jobs daemon ctl
MAINS   := daemon/tequiod.c ctl/tequioctl.c
LIB_SRC := $(filter-out $(MAINS),$(foreach m,$(MODULES),$(wildcard $(m)/*.c)))
HDRS    := $(foreach m,$(MODULES),$(wildcard $(m)/*.h $(m)/*.def))

# Two build trees: plain for the programs, sanitized for the tests.
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
             -fno-sanitize-recover=undefined
# Test-only fault hooks (TEQUIO_TEST_*): never in the installed programs.
SAN_FLAGS += -DTEQUIO_TESTING

OBJ     = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
SOBJ    = $(LIB_SRC:%.c=$(BUILD)/san/%.o)
# Programs link an archive, so a test pulls in only the modules it uses.
LIB     = $(BUILD)/obj/libtequio.a
SLIB    = $(BUILD)/san/libtequio.a
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN  = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/san/tests/%)
# Small programs the integration scripts use to look inside (tests/tools).
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN  = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/san/tools/%)

.PHONY: all deps demo check unit tools integration valgrind bench install \
        clean deb FORCE fuzz fuzz-replay layers coverage

all: $(BUILD)/tequiod $(BUILD)/tequioctl

deps:
	@sh scripts/install-deps.sh

# Rewritten only when the compiled-in paths change, so objects rebuild then.
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PATH_DEFS)' | cmp -s - $@ || echo '$(PATH_DEFS)' > $@

$(BUILD)/obj/%.o: %.c $(HDRS) $(BUILD)/paths.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/san/%.o: %.c $(HDRS) $(BUILD)/paths.stamp
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(LIB): $(OBJ)
	rm -f $@
	ar rcs $@ $^

$(SLIB): $(SOBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/tequiod: $(BUILD)/obj/daemon/tequiod.o $(LIB)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(PKG_LIBS)

$(BUILD)/tequioctl: $(BUILD)/obj/ctl/tequioctl.o $(LIB)
	$(CC) -o $@ $^ $(ALL_LDFLAGS) $(PKG_LIBS)

$(BUILD)/san/tequiod: $(BUILD)/san/daemon/tequiod.o $(SLIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(ALL_LDFLAGS) $(PKG_LIBS)

$(BUILD)/san/tequioctl: $(BUILD)/san/ctl/tequioctl.o $(SLIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(ALL_LDFLAGS) $(PKG_LIBS)

# Every SQL statement of store/, read out of the sources for test_plans.
$(BUILD)/gen/sql_statements.h: $(wildcard store/*.c) $(HDRS) \
                               scripts/sql_statements.py
	@mkdir -p $(dir $@)
	python3 scripts/sql_statements.py $@ $(CC) $(ALL_CFLAGS) -- \
	    $(wildcard store/*.c)

$(BUILD)/san/tests/test_plans: $(BUILD)/gen/sql_statements.h

$(BUILD)/san/tests/%: tests/unit/%.c $(SLIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -Itests/unit -I$(BUILD)/gen -o $@ $< $(SLIB) \
	    $(ALL_LDFLAGS) $(PKG_LIBS) -lcmocka

$(BUILD)/san/tools/%: tests/tools/%.c $(SLIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $< $(SLIB) \
	    $(ALL_LDFLAGS) $(PKG_LIBS)

demo: deps all
	@sh scripts/demo.sh

tools: $(TOOL_BIN)

unit: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

# Integration tests drive the sanitized programs against real servers.
integration: $(BUILD)/san/tequiod $(BUILD)/san/tequioctl $(BUILD)/tequiod \
             $(BUILD)/tequioctl $(TOOL_BIN)
	@BUILD=$(BUILD) sh tests/run-integration.sh

valgrind: $(BUILD)/tequiod $(BUILD)/tequioctl
	@BUILD=$(BUILD) sh tests/integration/valgrind.sh

# libFuzzer targets, built with clang (fuzz/build.sh is OSS-Fuzz's build.sh).
fuzz: deps
	@OUT=$(CURDIR)/$(BUILD)/fuzz sh fuzz/build.sh
	@OUT=$(CURDIR)/$(BUILD)/fuzz sh fuzz/run.sh $(FUZZ_SECONDS)

# The seed corpora and every crash reproducer in fuzz/regressions, once.
fuzz-replay:
	@OUT=$(CURDIR)/$(BUILD)/fuzz sh fuzz/replay.sh

# The layer rule of the tree (HACKING.md): which folder may include which.
layers:
	@python3 scripts/layers.py .

check: deps
	@$(MAKE) --no-print-directory layers
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory fuzz-replay
	@$(MAKE) --no-print-directory integration
	@$(MAKE) --no-print-directory valgrind

# Both trees of build/cov are instrumented; the test hooks stay in (the
# fault-injection tests need them), the sanitizers stay out (they would
# count their own branches and slow every test down).
COV_BUILD := $(BUILD)/cov
COV_FLAGS := -O0 -g --coverage -DTEQUIO_TESTING
coverage: deps
	@find $(COV_BUILD) -name '*.gcda' -delete 2>/dev/null || true
	@$(MAKE) --no-print-directory BUILD=$(COV_BUILD) CFLAGS='$(COV_FLAGS)' \
	    SAN_FLAGS='$(COV_FLAGS)' EXTRA_LDFLAGS=--coverage unit integration \
	    || echo 'coverage: some tests failed; the figures count what ran'
	@gcovr --root . --object-directory $(COV_BUILD) --exclude 'tests/' \
	    --sort-percentage $(COV_BUILD)

bench: deps all
	@sh bench/run.sh

# The unit with this PREFIX's paths.
$(BUILD)/tequiod.service: config/tequiod.service.in $(BUILD)/paths.stamp
	sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' \
	    -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' config/tequiod.service.in >$@

# tequioctl reads the configuration and the database, which only root and
# the tequio user may: it lives in sbin with tequiod, both in section 8.
install: all $(BUILD)/tequiod.service
	install -d $(DESTDIR)$(PREFIX)/sbin \
	    $(DESTDIR)$(PREFIX)/share/tequio/templates \
	    $(DESTDIR)$(PREFIX)/share/man/man8 \
	    $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(UNITDIR)
	install -m 755 $(BUILD)/tequiod $(DESTDIR)$(PREFIX)/sbin/tequiod
	install -m 755 $(BUILD)/tequioctl $(DESTDIR)$(PREFIX)/sbin/tequioctl
	install -m 644 templates/* $(DESTDIR)$(PREFIX)/share/tequio/templates/
	install -m 644 config/tequio.conf.example \
	    $(DESTDIR)$(PREFIX)/share/tequio/tequio.conf.example
	install -m 644 man/*.8 $(DESTDIR)$(PREFIX)/share/man/man8/
	install -m 644 man/*.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -m 644 $(BUILD)/tequiod.service \
	    $(DESTDIR)$(UNITDIR)/tequiod.service

# dpkg-buildpackage leaves the package beside the tree; it is moved into
# $(BUILD)/deb.  debian/rules builds in its own tree, so build/ stays.
deb: deps
	dpkg-buildpackage -us -uc -b
	mkdir -p $(BUILD)/deb
	mv ../tequio_*.deb ../tequio-dbgsym_*.deb ../tequio_*.buildinfo \
	    ../tequio_*.changes $(BUILD)/deb/
	@ls $(BUILD)/deb/tequio_*.deb

clean:
	rm -rf $(BUILD)
