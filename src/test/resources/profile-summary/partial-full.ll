target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"
define i32 @other(i32 %x) {
entry:
  %c = icmp sgt i32 %x, 0
  br i1 %c, label %pos, label %neg
pos:
  br label %done
neg:
  br label %done
done:
  %r = phi i32 [ 1, %pos ], [ 2, %neg ]
  ret i32 %r
}
!llvm.module.flags = !{!0}
!0 = !{i32 1, !"ProfileSummary", !1}
!1 = !{!2, !3, !4, !5, !6, !7, !8, !9, !10, !11}
!2 = !{!"ProfileFormat", !"SampleProfile"}
!3 = !{!"TotalCount", i64 10000}
!4 = !{!"MaxCount", i64 10}
!5 = !{!"MaxInternalCount", i64 1}
!6 = !{!"MaxFunctionCount", i64 1000}
!7 = !{!"NumCounts", i64 200}
!8 = !{!"NumFunctions", i64 3}
!9 = !{!"IsPartialProfile", i64 1}
!10 = !{!"PartialProfileRatio", double 0.5}
!11 = !{!"DetailedSummary", !12}
!12 = !{!13, !14}
!14 = !{i32 999999, i64 1, i32 200}
!13 = !{i32 10000, i64 1000, i32 1}
define i32 @helper_c(i32 %x) {
  %r = add i32 %x, 1
  ret i32 %r
}
