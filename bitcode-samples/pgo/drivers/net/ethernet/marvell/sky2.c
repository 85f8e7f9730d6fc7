// SPDX-License-Identifier: GPL-2.0
/* drivers/net/ethernet/marvell/sky2.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *sky2_rx_page_addr(unsigned long phys)
{
	return __va(phys);
}
