#include <stdarg.h>
struct bits { unsigned a : 3; unsigned b : 29; union { int i; float f; } u; char tail[]; };
typedef struct bits bits_t;
static const char *names[] = { "a", "b", "c" };
int sum(int n, ...) { va_list ap; va_start(ap, n); int s = 0; for (int i = 0; i < n; i++) s += va_arg(ap, int); va_end(ap); return s; }
int vla(int n) { int a[n][n + 1]; a[0][0] = n; { int inner = a[0][0]; lbl: if (inner-- > 0) goto lbl; } return a[0][0] + (int)sizeof(a); }
_Atomic int counter;
int entry2(bits_t *b) { counter++; return b->a + b->b + b->u.i + names[1][0] + sum(2, 1, 2) + vla(3); }
