# Fibonacci in the Goldilocks field.
# Input:  r0 = n
# Output: r1 = F(n)  (F(0) = 0, F(1) = 1), computed with 6 steps per iteration.

        li r1 0             # r1 = F(i)
        li r2 1             # r2 = F(i + 1)
loop:   jz r0 done          # n iterations left?
        add r3 r1 r2
        mov r1 r2
        mov r2 r3
        addi r0 r0 -1       # -1 is p - 1: subtract one
        jmp loop
done:   halt
