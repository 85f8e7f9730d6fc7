; Sample: an object compiled with -Wframe-larger-than=2048 by a clang that wrote the limit
; as a module flag.
source_filename = "lib/zstd/zstd_compress.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare i32 @zstd_is_error(i32)

define i32 @zstd_compress_bound(i32 %size) {
entry:
  %err = call i32 @zstd_is_error(i32 %size)
  %bound = add i32 %size, %err
  ret i32 %bound
}

!llvm.module.flags = !{!0, !1}
!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 1, !"warn-stack-size", i32 2048}
