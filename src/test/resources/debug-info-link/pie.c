/* Built -fpie -mcmodel=small -g, as Linux's early startup code: the minority flag set. */
int kern(int x);

int helper(int x)
{
	return x + 1;
}

int pie_entry(int x)
{
	return kern(x) * 2;
}
