; A ThinLTO module whose flag 'min-negative' LLVM's verifier rejects (cyclic: no compiler writes it). Assembled with --disable-verify.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @bad() { ret i32 7 }

!llvm.module.flags = !{!0, !1}
!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 8, !"mn", i32 -1}
