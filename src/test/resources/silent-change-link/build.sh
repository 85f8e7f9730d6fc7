#!/bin/sh
# Rebuilds this link's objects and ld.lld's output with the bundled clang/ld.lld 20.1.7:
#   eval "$(scripts/ltocheck toolchain --env)"; cd src/test/resources/silent-change-link; ./build.sh
# The link passes; b2.o imports shared() from a.o, and with it a.o's 'frame-pointer' (Max): a
# silent flag change. b1.o and b2.o have the same module flags, b1.o first.
set -eu
CFLAGS="--target=x86_64-unknown-linux-gnu -O2 -flto=thin -fvisibility=hidden -ffreestanding"
clang $CFLAGS -fno-omit-frame-pointer -c a.c -o a.o
clang $CFLAGS -fomit-frame-pointer -c b1.c -o b1.o
clang $CFLAGS -fomit-frame-pointer -c b2.c -o b2.o
{
	echo "# $(ld.lld --version)"
	echo "# ld.lld -r --error-limit=0 -o /dev/null a.o b1.o b2.o"
	ld.lld -r --error-limit=0 -o /dev/null a.o b1.o b2.o 2>&1 && status=0 || status=$?
	echo "# exit status: $status"
} > lld-link.txt
