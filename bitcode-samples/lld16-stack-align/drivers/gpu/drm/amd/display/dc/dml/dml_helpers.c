// SPDX-License-Identifier: MIT
int dml_clamp(int v);

int dml_helper_max(int a, int b)
{
	return a > b ? a : b;
}

int dml_round_clamped(int v)
{
	return dml_clamp(v + 1);
}
