// SPDX-License-Identifier: GPL-2.0-only
#include <asm/init.h>

int get_option(const char *s)
{
	return s[0] == '1' ? snp_cpuid_postprocess(1) : 0;
}
