/* Built -mcmodel=kernel -g: the same module flags as k2.o, with debug information. */
int helper(int x);

int kern(int x)
{
	return x - 3;
}

int k1_entry(int x)
{
	return helper(x) + 5;
}
