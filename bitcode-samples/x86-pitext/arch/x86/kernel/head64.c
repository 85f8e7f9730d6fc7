// SPDX-License-Identifier: GPL-2.0
/*
 *  prepare to run common code (sample: .pi.text startup code, built with the
 *  kernel's instrumentation and no exemptions)
 */
#include <asm/init.h>

static int early_dynamic_pgts[16];

unsigned long __head early_pgtable_base(unsigned long phys)
{
	return phys & ~0xfffUL;
}

unsigned long __head __startup_64(unsigned long physaddr, int idx)
{
	char buf[64];
	int pgts[8] = {0};

	pgts[idx & 15] = idx;
	early_dynamic_pgts[idx] = snp_cpuid(idx);
	if (physaddr == 0x1234)
		return snp_cpuid_postprocess(idx) + pgts[idx];
	buf[idx & 63] = (char)idx;
	return __phys_addr(early_pgtable_base(physaddr)) + buf[idx];
}

/* Ordinary .text code in the same object: not confined, never reported. */
int head64_dump(int idx)
{
	return early_dynamic_pgts[idx & 15];
}
