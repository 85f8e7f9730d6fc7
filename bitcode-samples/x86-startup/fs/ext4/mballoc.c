// SPDX-License-Identifier: GPL-2.0
/* fs/ext4/mballoc.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *ext4_mb_page_addr(unsigned long phys)
{
	return __va(phys);
}
