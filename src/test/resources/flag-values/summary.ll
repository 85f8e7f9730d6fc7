; A ThinLTO module (summary, globals before constants) whose flags are clang's own shapes.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@g = global i64 5
define i64 @h() {
  %v = load i64, ptr @g
  ret i64 %v
}

!llvm.module.flags = !{!0, !1, !2, !3, !4, !5}
!0 = !{i32 1, !"wchar_size", i32 4}
!1 = !{i32 1, !"Code Model", i32 2}
!2 = !{i32 8, !"PIC Level", i32 2}
!3 = !{i32 7, !"PIE Level", i32 2}
!4 = !{i32 1, !"target-abi", !"lp64d"}
!5 = !{i32 1, !"ProfileSummary", !6}
!6 = !{!7, !8, !9}
!7 = !{!"ProfileFormat", !"InstrProf"}
!8 = !{!"TotalCount", i64 10000}
!9 = !{!"DetailedSummary", !10}
!10 = !{!11, !12}
!11 = !{i32 10000, i64 100, i32 1}
!12 = !{i32 999999, i64 1, i32 5}
