#ifndef _ASM_X86_PAGE_H
#define _ASM_X86_PAGE_H
#include <linux/types.h>

/* Defined in arch/x86/kernel/head64.c, which is built with PIE_CFLAGS. */
extern unsigned long page_offset_base;
extern unsigned long vmemmap_base;

#define PAGE_SHIFT 12
#define __va(x) ((void *)((unsigned long)(x) + page_offset_base))
#define __pa(x) ((unsigned long)(x) - page_offset_base)

struct page { unsigned long flags; void *mapping; };
#define vmemmap ((struct page *)vmemmap_base)
#define pfn_to_page(pfn) (vmemmap + (pfn))
#define page_to_pfn(page) ((unsigned long)((page) - vmemmap))
#define virt_to_page(kaddr) pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
#endif
