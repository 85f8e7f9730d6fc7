#!/usr/bin/env bash
# A global whose name is not UTF-8 (g\FE) and a local behind a source file name that is not either:
# LLVM hashes the bytes themselves into GUIDs. Made with the bundled clang/ld.lld 20.1.7; the
# GUID ld.lld's thin link gives g\FE is what llvm-dis prints of a.o's index (a.o.thinlto.txt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
eval "$(../../../../scripts/ltocheck toolchain --env 2>/dev/null)"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
clang -c -flto=thin -O2 -x ir a.ll -o a.o
clang -c -flto=thin -O2 -x ir b.ll -o "$tmp/b.o"
cp a.o "$tmp/a.o"
(cd "$tmp" && ld.lld -r a.o b.o -o out.o --thinlto-index-only)
llvm-dis "$tmp/a.o.thinlto.bc" -o - | grep -a '^\^1 = gv:' > a.o.thinlto.txt
