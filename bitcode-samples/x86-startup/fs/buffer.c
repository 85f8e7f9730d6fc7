// SPDX-License-Identifier: GPL-2.0
/* fs/buffer.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <asm/mem_encrypt.h>

u64 mark_buffer_dirty(u64 addr)
{
	return addr | sme_get_me_mask();
}
