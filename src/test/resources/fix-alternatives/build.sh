#!/bin/sh
# Rebuilds this link's objects with the bundled clang 20.1.7:
#   eval "$(scripts/ltocheck toolchain --env)"; cd src/test/resources/fix-alternatives; ./build.sh
set -eu
CFLAGS="--target=x86_64-unknown-linux-gnu -O2 -flto=thin -ffreestanding"
clang $CFLAGS -fpie -mcmodel=small -c small.c -o small.o
clang $CFLAGS -mcmodel=kernel -c kernel.c -o kernel.o
