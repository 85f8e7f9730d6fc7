savedcmd_vmlinux.o := ld.lld -m elf64lriscv -mllvm -import-instr-limit=5 -r -o vmlinux.o --whole-archive vmlinux.a --no-whole-archive --start-group  --end-group
