/* Built -fomit-frame-pointer: the first member of its flag set, LLVM's representative of it. */
int b1_entry(int x)
{
	return x - 1;
}
