int rhelper(int x);
int entry(int x) { return rhelper(x) + 1; }
