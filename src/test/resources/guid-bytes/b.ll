target triple = "x86_64-unknown-linux-gnu"
declare void @"g\FE"()
define void @main() {
  call void @"g\FE"()
  ret void
}
