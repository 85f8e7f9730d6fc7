#!/bin/sh
# Rebuilds this link's objects and ld.lld's output with the bundled clang/ld.lld 20.1.7:
#   eval "$(scripts/ltocheck toolchain --env)"; cd src/test/resources/debug-info-link; ./build.sh
# k2.o has k1.o's module flags (code model kernel, Dwarf Version 5, Debug Info Version 3) but no
# debug-info records: its IR is clang's without -g, with those two flags put first, where clang -g puts them (flag sets are ordered lists).
set -eu
CFLAGS="--target=x86_64-unknown-linux-gnu -O2 -flto=thin -fvisibility=hidden -ffreestanding"
clang $CFLAGS -g -fpie -mcmodel=small -c pie.c -o pie.o
clang $CFLAGS -g -mcmodel=kernel -c k1.c -o k1.o
clang $CFLAGS -mcmodel=kernel -S -emit-llvm k2.c -o k2.ll
sed -i -e 's/^!llvm.module.flags = !{\(.*\)}$/!llvm.module.flags = !{!90, !91, \1}/' k2.ll
printf '!90 = !{i32 7, !"Dwarf Version", i32 5}\n!91 = !{i32 2, !"Debug Info Version", i32 3}\n' >> k2.ll
clang $CFLAGS -c k2.ll -o k2.o
{
	echo "# $(ld.lld --version)"
	echo "# ld.lld -r --error-limit=0 -o /dev/null pie.o k1.o k2.o"
	ld.lld -r --error-limit=0 -o /dev/null pie.o k1.o k2.o 2>&1 && status=0 || status=$?
	echo "# exit status: $status"
} > lld-link.txt
