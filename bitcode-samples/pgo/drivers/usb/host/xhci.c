// SPDX-License-Identifier: GPL-2.0
/* drivers/usb/host/xhci.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>

void *xhci_trb_virt(unsigned long phys)
{
	return __va(phys);
}
