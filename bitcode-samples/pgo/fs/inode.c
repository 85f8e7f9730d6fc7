// SPDX-License-Identifier: GPL-2.0
/* fs/inode.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *inode_page_addr(unsigned long phys)
{
	return __va(phys);
}
