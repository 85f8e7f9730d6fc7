; Sample: an object compiled with -Wframe-larger-than=1024 by a clang that wrote the limit
; as a module flag.
source_filename = "lib/zstd/zstd_common.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @zstd_is_error(i32 %code) {
entry:
  %is = icmp ugt i32 %code, 120
  %r = zext i1 %is to i32
  ret i32 %r
}

!llvm.module.flags = !{!0, !1}
!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 1, !"warn-stack-size", i32 1024}
