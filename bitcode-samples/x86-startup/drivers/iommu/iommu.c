// SPDX-License-Identifier: GPL-2.0
/* drivers/iommu/iommu.c (sample: an ordinary -mcmodel=kernel object) */
#include <asm/page.h>
#include <asm/mem_encrypt.h>

u64 iommu_map_encrypted(u64 addr)
{
	return addr | sme_get_me_mask();
}
