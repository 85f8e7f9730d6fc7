/* Built -mcmodel=kernel without -g (build.sh adds the two debug-info module flags k1.o carries). */
int helper(int x);

int k2_entry(int x)
{
	return helper(x) + 7;
}
