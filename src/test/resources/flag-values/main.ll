; The module that imports from a bad-*.ll module in the CLI tests: it calls every function they define.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare i32 @bad()
define i32 @main() {
  %r = call i32 @bad()
  ret i32 %r
}

!llvm.module.flags = !{!0}
!0 = !{i32 1, !"wchar_size", i32 4}
