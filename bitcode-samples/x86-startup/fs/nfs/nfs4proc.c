// SPDX-License-Identifier: GPL-2.0
/* fs/nfs/nfs4proc.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

struct page *nfs4_proc_page(const void *addr)
{
	return virt_to_page(addr);
}
