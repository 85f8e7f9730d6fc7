// SPDX-License-Identifier: GPL-2.0
/* block/blk-mq.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <asm/mem_encrypt.h>

bool blk_mq_sev_bounce(unsigned long len)
{
	return sev_es_active() && len > 0;
}
