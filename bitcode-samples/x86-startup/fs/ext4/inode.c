// SPDX-License-Identifier: GPL-2.0
/* fs/ext4/inode.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

struct page *ext4_inode_page(const void *addr)
{
	return virt_to_page(addr);
}
