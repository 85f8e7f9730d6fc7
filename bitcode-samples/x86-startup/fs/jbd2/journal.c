// SPDX-License-Identifier: GPL-2.0
/* fs/jbd2/journal.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *jbd2_journal_bh_addr(unsigned long phys)
{
	return __va(phys);
}
