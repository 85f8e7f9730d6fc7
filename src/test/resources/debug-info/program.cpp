#include <cstddef>
namespace outer { namespace inner {
template <typename T, int N> struct Box { T items[N]; int count = N; virtual ~Box() {} virtual T get(int i) const { return items[i]; } };
enum class Color : unsigned { Red = 1, Green = 2, Blue = 0xffffffffu };
struct Base { virtual int f() { return 1; } int x; };
struct Derived : Base { int f() override { return 2; } double y; static int s; };
int Derived::s = 42;
} }
using namespace outer::inner;
using outer::inner::Derived;
__int128 big = (__int128)1 << 100;
template <typename F> int apply(F f, int v) { return f(v); }
int use(int n) {
  Box<long, 7> b{}; Derived d; d.x = n;
  int vla[n > 0 ? n : 1]; vla[0] = n;
  auto lam = [&](int v) { return v + d.f() + vla[0]; };
  Color c = Color::Blue;
 again:
  if (n-- > 0) goto again;
  return apply(lam, (int)b.get(0)) + (int)c + sizeof(big);
}
thread_local int tl = 3;
extern "C" int entry(int n) { static int counter; counter += n; return use(counter) + tl; }
