#ifndef _ASM_RISCV_PAGE_H
#define _ASM_RISCV_PAGE_H
#include <linux/types.h>
extern unsigned long va_pa_offset;
extern unsigned long riscv_pfn_base;
unsigned long kernel_map_virt(unsigned long pa);
int memblock_is_memory(phys_addr_t base);
unsigned long totalram_pages(void);
#define __va(x) ((void *)((unsigned long)(x) + va_pa_offset))
#endif
