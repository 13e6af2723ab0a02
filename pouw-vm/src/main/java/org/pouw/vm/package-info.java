/**
 * The deterministic VM that executes intents (ARCHITECTURE.md §7).
 *
 * <p>Words are Goldilocks field elements ({@link org.pouw.crypto.Goldilocks}); programs are written in a small assembly
 * language ({@link org.pouw.vm.Assembler}), run by the {@link org.pouw.vm.Interpreter} under a step bound, and leave a
 * {@link org.pouw.vm.Trace} whose canonical encoding ({@link org.pouw.vm.TraceCodec}) is hashed into the job id
 * (ARCHITECTURE.md §5). Everything here is pure computation: no I/O, no clock, no randomness, so the same program and
 * inputs give bit-identical traces on every machine.
 *
 * <p>Failures follow one rule: expected outcomes of execution are values ({@link org.pouw.vm.Outcome}); bad input
 * (source text, bytes, arguments) is an {@link java.lang.IllegalArgumentException} or one of its subclasses
 * ({@link org.pouw.vm.AssemblyException}, {@link org.pouw.vm.MalformedEncodingException}), which the node maps to a
 * 4xx answer.
 */
package org.pouw.vm;
