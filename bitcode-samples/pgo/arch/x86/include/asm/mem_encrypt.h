#ifndef _ASM_X86_MEM_ENCRYPT_H
#define _ASM_X86_MEM_ENCRYPT_H
#include <linux/types.h>
u64 sme_get_me_mask(void);
bool sev_es_active(void);
bool pti_user_pgd_enabled(void);
int cmdline_is_space(int c);
#endif
