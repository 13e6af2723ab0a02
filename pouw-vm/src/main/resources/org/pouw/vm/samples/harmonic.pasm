# Harmonic sum in the field: 1/1 + 1/2 + ... + 1/n, using field inverses.
# Input:  r0 = n
# Output: r1 = the sum; r7 = 1 if the sum is zero, else 0 (exercises eqz)

        li r1 0
loop:   jz r0 done
        inv r2 r0           # r2 = 1 / r0
        add r1 r1 r2
        addi r0 r0 -1
        jmp loop
done:   eqz r7 r1
        halt
