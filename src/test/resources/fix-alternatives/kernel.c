int small_fn0(int);
int small_fn1(int);
int small_fn2(int);
int small_fn3(int);
int small_fn4(int);
int small_fn5(int);
int small_fn6(int);
int small_fn7(int);
int small_fn8(int);
extern int small_var0;
extern int small_var1;
extern int small_var2;
extern int small_var3;
extern int small_var4;
extern int small_var5;
extern int small_var6;
extern int small_var7;
int kernel_entry(int x) { return small_fn0(x) + small_fn1(x) + small_fn2(x) + small_fn3(x) + small_fn4(x) + small_fn5(x) + small_fn6(x) + small_fn7(x) + small_fn8(x) + small_var0 + small_var1 + small_var2 + small_var3 + small_var4 + small_var5 + small_var6 + small_var7; }
