// SPDX-License-Identifier: GPL-2.0-only
/*
 * AMD Memory Encryption Support, identity-mapped part (PIE)
 */
#include <asm/page.h>
#include <asm/mem_encrypt.h>

u64 sme_me_mask;

u64 sme_get_me_mask(void)
{
	return sme_me_mask;
}

void sme_enable(unsigned long bp)
{
	if (cmdline_is_space((int)bp))
		return;
	sme_me_mask = 1ULL << 47;
}
