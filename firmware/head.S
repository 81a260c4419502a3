/* SPDX-License-Identifier: MIT */
/*
 * Entry. OpenSBI (fw_jump, fw_dynamic) and U-Boot `booti` enter at the first byte of the
 * image in S-mode with the MMU off, a0 = hart id, a1 = physical address of the DTB.
 *
 * The image starts with the 64-byte RISC-V Linux Image header, so booti accepts it and
 * knows how much memory it occupies (image_size covers BSS too). The image runs at its
 * link address in the top 2 GiB whatever the physical load address is:
 *
 *	1. clear BSS and take the boot stack (PC-relative: works at the load address)
 *	2. early_paging_init() (C, still at the load address) builds the early page table:
 *	   the image at KERNEL_LINK_ADDR, the DTB and the fixmap slots, and an identity
 *	   gigapage so the next instruction after the satp write is still mapped
 *	3. write satp, jump to the same code at its link address, relocate sp
 *	4. kmain(hartid, dtb_pa), which never returns
 */
#include "csr.h"

#define KERNEL_LINK_ADDR 0xffffffff80000000
#define NR_CPUS_ASM	 32 /* NR_CPUS (mm/dt_scan.h); smp.c checks they agree */

	.section .head.text, "ax"
	.option push
	.option norvc
	.globl _start_header
_start_header:
	j	_start_kernel			/* code0 */
	.word	0				/* code1 */
	.dword	0x200000			/* text_offset: RISC-V 64-bit convention */
	.dword	_image_size			/* image_size, BSS included */
	.dword	0				/* flags: little endian */
	.word	2				/* version 0.2 */
	.word	0				/* res1 */
	.dword	0				/* res2 */
	.ascii	"RISCV\0\0\0"			/* magic (deprecated) */
	.ascii	"RSC\x05"			/* magic2 */
	.word	0				/* res3 */
	.option pop

_start_kernel:
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0
	mv	s1, a1

	/*
	 * Only the first hart in boots. OpenSBI 1.1's hart_start publishes STARTING before
	 * it writes the start address, so a hart that is already awake in its HSM wait can
	 * jump to its stale one: the image entry, with the DTB in a1. That hart is a
	 * secondary whose start is under way: find its CPU number in secondary_hart[]
	 * (hart id + 1, set by smp.c before hart_start) and take the secondary path, or
	 * park it if nobody asked for it.
	 */
	la	t0, boot_claimed
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, stray_hart

	/* A trap before the page table is up: report through SBI and stop. */
	la	t0, early_trap
	csrw	stvec, t0

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	la	sp, boot_stack_top
	mv	a0, s0
	mv	a1, s1
	call	early_paging_init		/* returns the satp value */
	la	t0, early_satp
	sd	a0, 0(t0)			/* for the secondary harts */

	la	t0, _start_header		/* load (physical) address */
	li	t1, KERNEL_LINK_ADDR
	sub	s2, t1, t0			/* link - load */

	sfence.vma
	csrw	satp, a0
	sfence.vma

	la	t0, 3f
	add	t0, t0, s2
	jr	t0
3:
	add	sp, sp, s2
	la	t0, trap_entry
	csrw	stvec, t0
	csrw	sscratch, zero
	mv	a0, s0
	mv	a1, s1
	call	kmain
4:	wfi
	j	4b

/*
 * Secondary harts (SBI HSM hart_start): a0 = hart id, a1 = logical CPU, MMU off.
 * Same path as the boot hart, on the early page table, then secondary_main(cpu) switches
 * to the kernel page table. The stack comes from secondary_sp[cpu] (set by smp.c).
 */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sip, zero
	mv	s1, a1
	la	t0, early_trap
	csrw	stvec, t0
	la	t0, early_satp
	ld	t0, 0(t0)
	la	t1, _start_header
	li	t2, KERNEL_LINK_ADDR
	sub	s2, t2, t1
	sfence.vma
	csrw	satp, t0
	sfence.vma
	la	t0, 8f
	add	t0, t0, s2
	jr	t0
8:
	la	t0, trap_entry
	csrw	stvec, t0
	la	t0, secondary_sp
	slli	t1, s1, 3
	add	t0, t0, t1
	ld	sp, 0(t0)
	mv	a0, s1
	call	secondary_main
9:	wfi
	j	9b

/* A second hart at the image entry (see _start_kernel): a0 = hart id, MMU off. */
stray_hart:
	la	t0, secondary_hart
	addi	t1, a0, 1
	li	a1, 0
	li	t2, NR_CPUS_ASM
5:	ld	t3, 0(t0)
	beq	t3, t1, secondary_entry		/* a1 = its logical CPU */
	addi	t0, t0, 8
	addi	a1, a1, 1
	blt	a1, t2, 5b
6:	wfi					/* not a hart smp.c is starting: park */
	j	6b

	.section .data
	.balign 4
boot_claimed:
	.word	0				/* set by the first hart through _start */
	.previous

/* Before paging: print "early trap" through the legacy SBI console and shut down. */
	.align 4
early_trap:
	la	s3, early_trap_msg
5:	lbu	a0, 0(s3)
	beqz	a0, 6f
	li	a7, 1				/* legacy console_putchar */
	ecall
	addi	s3, s3, 1
	j	5b
6:	li	a7, 0x53525354			/* SRST: shutdown, system failure */
	li	a6, 0
	li	a0, 0
	li	a1, 1
	ecall
	li	a7, 8				/* legacy shutdown */
	ecall
7:	wfi
	j	7b

	.section .rodata
early_trap_msg:
	.asciz	"rvmm: trap before paging was enabled\n"

	.section .data
	.align	3
	.globl	early_satp
early_satp:
	.dword	0

	.section .bss
	.align	12
	.globl	boot_stack
boot_stack:
	.space	16384
	.globl	boot_stack_top
boot_stack_top:
