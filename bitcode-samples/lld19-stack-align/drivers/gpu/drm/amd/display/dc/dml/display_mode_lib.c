// SPDX-License-Identifier: MIT
int dml_helper_max(int a, int b);
int irq_fpu_usable(void);

int dml_min_dcfclk(int a, int b)
{
	if (!irq_fpu_usable())
		return 0;
	return dml_helper_max(a, b) / 2;
}

int dml_clamp(int v)
{
	return v < 0 ? 0 : v;
}
