; Constants other than integers (CG Profile's functions, a float): LLVM's C API names them, ltocheck's own reader does not.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @a() { ret void }
define void @b() { call void @a() 
  ret void }

!llvm.module.flags = !{!0, !1, !4, !5, !6, !7}
!0 = !{i32 5, !"CG Profile", !2}
!1 = !{i32 1, !"float", double 1.5}
!2 = !{!3}
!3 = !{ptr @b, ptr @a, i64 3}
!4 = !{i32 1, !"tenth", double 1.000000e-01}
!5 = !{i32 1, !"half", float 5.000000e-01}
!6 = !{i32 1, !"negative zero", double -0.000000e+00}
!7 = !{i32 1, !"ratio", !{!"PartialProfileRatio", double 0x3FD5555555555555}}
