package org.pouw.core.market;

/**
 * The largest job the node accepts (issue 27, item 3): work no worker it admits could deliver is refused at posting,
 * not left to expire with its client's money held. {@code memoryMb}: the most memory a job may need of its prover
 * ({@code market.max_job_memory_mb}); {@code resultBytes}: the largest result a prover may upload, the node's upload
 * limit ({@code http.max_upload_bytes}), which a job's worst-case proof or opening must fit.
 */
public record JobCaps(long memoryMb, long resultBytes) {
    /** 64 GiB of memory; results up to the node's default upload limit of 256 MiB. */
    public static final JobCaps DEFAULTS = new JobCaps(65_536, 256L << 20);

    public JobCaps {
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("max_job_memory_mb must be > 0, got " + memoryMb);
        }
        if (resultBytes <= 0) {
            throw new IllegalArgumentException("the largest result must be > 0 bytes, got " + resultBytes);
        }
    }
}
