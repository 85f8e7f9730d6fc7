#!/bin/sh
# Rebuilds this link's objects and ld.lld's output with the bundled clang/ld.lld 20.1.7:
#   eval "$(scripts/ltocheck toolchain --env)"; cd src/test/resources/fix-alternatives; ./build.sh
set -eu
CFLAGS="--target=x86_64-unknown-linux-gnu -O2 -flto=thin -ffreestanding"
clang $CFLAGS -fpie -mcmodel=small -c small.c -o small.o
clang $CFLAGS -mcmodel=kernel -c kernel.c -o kernel.o
{
	echo "# $(ld.lld --version)"
	echo "# ld.lld -r --error-limit=0 -o /dev/null small.o kernel.o"
	ld.lld -r --error-limit=0 -o /dev/null small.o kernel.o 2>&1 && status=0 || status=$?
	echo "# exit status: $status"
} > lld-link.txt
