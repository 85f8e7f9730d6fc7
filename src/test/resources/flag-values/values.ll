; Every value shape a module flag takes, and each behaviour 1-8. Regenerate the .bc with scripts/make-flag-values.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@counter = global i32 0
define i32 @f() {
  %v = load i32, ptr @counter
  ret i32 %v
}

!llvm.module.flags = !{!0, !1, !2, !3, !4, !5, !6, !7, !8, !9, !10, !11, !12, !13, !14, !15}
!0 = !{i32 1, !"i1-true", i1 true}
!1 = !{i32 1, !"i1-false", i1 false}
!2 = !{i32 2, !"i64-min", i64 -9223372036854775808}
!3 = !{i32 2, !"i64-max", i64 9223372036854775807}
!4 = !{i32 1, !"i8-neg", i8 -128}
!5 = !{i32 4, !"escaped", !"back\5Cslash \22quoted\22 tab\09 nl\0A del\7F nul\00 utf8 \C3\A9 raw\FF end"}
!6 = !{i32 1, !"key with \5C and \22", !"plain"}
!7 = !{i32 3, !"i1-true", !20}
!8 = !{i32 5, !"append", !21}
!9 = !{i32 6, !"append-unique", !22}
!10 = !{i32 7, !"max", i32 -3}
!11 = !{i32 8, !"min", i16 7}
!12 = !{i32 1, !"nested", !23}
!13 = !{i32 1, !"empty-node", !{}}
!14 = !{i32 1, !"distinct-node", !26}
!15 = !{i32 1, !"empty-string", !""}
!20 = !{!"i1-true", i1 true}
!21 = !{!"a\22q", i1 true, i32 -1, null}
!22 = !{!"x", !"y"}
!23 = !{!24, !"mid", !25, !24}
!24 = !{i64 1, !{!"deep", !{i1 false}}}
!25 = !{null, null}
!26 = distinct !{!"d", i32 2}
