// SPDX-License-Identifier: GPL-2.0-only
/* AMD SEV (sample): snp_cpuid is startup code, snp_cpuid_postprocess is not. */
#include <asm/init.h>

static int cpuid_std_range_max = 0x1f;

int snp_cpuid_postprocess(int leaf)
{
	return leaf > cpuid_std_range_max ? 0 : leaf;
}

int __head snp_cpuid(int leaf)
{
	/* calls into the same section are fine */
	return (int)early_pgtable_base((unsigned long)leaf);
}
