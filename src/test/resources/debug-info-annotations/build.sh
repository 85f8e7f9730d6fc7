#!/bin/sh
# Rebuilds the objects of MetadataOperandLengthsTest (needs Debian's clang-16 and clang-19).
set -e
cd "$(dirname "$0")"
clang-16 -g -c -flto=thin tags.c -o tags-16.o
clang-19 -g -c -flto=thin tags.c -o tags-19.o
