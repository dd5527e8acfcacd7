#!/bin/sh
# make fuzz: builds every tests/fuzz/fuzz_*.c as a libFuzzer target (clang,
# ASan, UBSan) and runs each for FUZZ_SECONDS (default 60) over its corpus
# in tests/fuzz/corpus/NAME/ (seeds are committed; new finds stay in
# build-fuzz/corpus).  Needs clang and libclang-rt-14-dev.
#   FUZZ_SECONDS=600 make fuzz        FUZZ_ONLY=fuzz_md make fuzz
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
SECS=${FUZZ_SECONDS:-60}
if ! command -v clang >/dev/null || ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
	echo "fuzz: installing clang and libclang-rt-14-dev"
	if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
	$SUDO apt-get install -y -qq clang libclang-rt-14-dev </dev/null >/dev/null
fi
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
make --no-print-directory BUILD=build-fuzz CC=clang \
	CFLAGS="-O1 -g $SAN -fsanitize=fuzzer-no-link -DTEND_FUZZING" \
	build-fuzz/libtend.a >/dev/null
LIBS=$(pkg-config --libs ncursesw libcmark sqlite3 libsodium yaml-0.1)
st=0
for src in tests/fuzz/fuzz_*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	[ -n "${FUZZ_ONLY:-}" ] && [ "$FUZZ_ONLY" != "$name" ] && continue
	bin=build-fuzz/$name
	clang -std=c11 -D_GNU_SOURCE -Isrc -Itests -O1 -g $SAN -fsanitize=fuzzer \
		-DTEND_VERSION='"fuzz"' -DTEND_SHAREDIR='"/nonexistent"' \
		-o "$bin" "$src" build-fuzz/libtend.a $LIBS -lm
	mkdir -p "build-fuzz/corpus/$name"
	seeds=tests/fuzz/corpus/$name
	[ -d "$seeds" ] || seeds=
	echo "fuzz: $name for ${SECS}s"
	if ! "$bin" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="build-fuzz/$name-" \
		"build-fuzz/corpus/$name" $seeds >"build-fuzz/$name.log" 2>&1; then
		echo "fuzz: $name FOUND A PROBLEM; see build-fuzz/$name.log"
		tail -30 "build-fuzz/$name.log"
		st=1
	else
		grep -E '^Done|#[0-9]+.*DONE' "build-fuzz/$name.log" | tail -1
	fi
done
exit $st
