source_filename = "t\FE.c"
target triple = "x86_64-unknown-linux-gnu"
define internal void @"bad\FFname"() noinline {
  ret void
}
define void @"g\FE"() {
  call void @"bad\FFname"()
  ret void
}
