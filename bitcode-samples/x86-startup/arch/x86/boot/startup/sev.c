// SPDX-License-Identifier: GPL-2.0-only
/*
 * AMD Memory Encryption Support (PIE)
 */
#include <asm/page.h>
#include <asm/mem_encrypt.h>

u64 sev_status;

bool sev_es_active(void)
{
	return sev_status & 2;
}

static int snp_cpuid_count;

int snp_cpuid(unsigned int leaf)
{
	if (!sev_es_active())
		return -1;
	snp_cpuid_count += leaf;
	return snp_cpuid_count;
}
