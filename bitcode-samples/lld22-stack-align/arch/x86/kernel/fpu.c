// SPDX-License-Identifier: GPL-2.0
int kernel_fpu_available;

int kernel_fpu_begin_mask(int mask)
{
	return kernel_fpu_available & mask;
}

int irq_fpu_usable(void)
{
	return kernel_fpu_available;
}
