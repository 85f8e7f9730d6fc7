// SPDX-License-Identifier: GPL-2.0-only
/* Sample: the early mapping code, built -mcmodel=medany */
#include <asm/page.h>

unsigned long va_pa_offset;
unsigned long riscv_pfn_base;

unsigned long kernel_map_virt(unsigned long pa)
{
	return pa + va_pa_offset;
}

void setup_vm(unsigned long dtb_pa)
{
	if (memblock_is_memory(dtb_pa))
		va_pa_offset = dtb_pa;
	riscv_pfn_base = dtb_pa >> 12;
}
