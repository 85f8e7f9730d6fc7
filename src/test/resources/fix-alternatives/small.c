/* Nine functions and eight variables that kernel.c imports: fix's alternatives list cut at six. */
int small_fn0(int x) { return x * 2 + 0; }
int small_fn1(int x) { return x * 3 + 1; }
int small_fn2(int x) { return x * 4 + 2; }
int small_fn3(int x) { return x * 5 + 3; }
int small_fn4(int x) { return x * 6 + 4; }
int small_fn5(int x) { return x * 7 + 5; }
int small_fn6(int x) { return x * 8 + 6; }
int small_fn7(int x) { return x * 9 + 7; }
int small_fn8(int x) { return x * 10 + 8; }
int small_var0 = 1;
int small_var1 = 2;
int small_var2 = 3;
int small_var3 = 4;
int small_var4 = 5;
int small_var5 = 6;
int small_var6 = 7;
int small_var7 = 8;
