#ifndef _ASM_X86_INIT_H
#define _ASM_X86_INIT_H
/* Code that runs from the 1:1 mapping, before the kernel is mapped where it was linked:
 * it may only call code in the same section (the patch series in the report). */
#define __head __attribute__((__section__(".pi.text")))
unsigned long __phys_addr(unsigned long x);
int snp_cpuid_postprocess(int leaf);
int snp_cpuid(int leaf);
unsigned long early_pgtable_base(unsigned long phys);
#endif
