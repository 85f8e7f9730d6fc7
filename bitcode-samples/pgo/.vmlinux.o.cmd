savedcmd_vmlinux.o := ld.lld -m elf_x86_64 -mllvm -import-instr-limit=5 -r -o vmlinux.o --whole-archive vmlinux.a --no-whole-archive --start-group lib/lib.a --end-group
