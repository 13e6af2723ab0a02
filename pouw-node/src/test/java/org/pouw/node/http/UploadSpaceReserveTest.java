package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;

class UploadSpaceReserveTest {
    private static final long MB = 1024L * 1024L;

    @TempDir
    Path dir;

    @Test
    void anUploadThatLeavesTheReserveFreeIsAdmitted() {
        assertThat(UploadSpaceReserve.refusal(100 * MB, 10 * MB, 90 * MB)).isEmpty();
    }

    @Test
    void anUploadThatWouldEatIntoTheReserveIsRefusedNamingTheSetting() {
        assertThat(UploadSpaceReserve.refusal(100 * MB, 10 * MB + 1, 90 * MB)).hasValueSatisfying(reason -> assertThat(
                reason).contains("storage.upload_free_space_reserve_mb = 90 MB").contains("100.0 MB free"));
    }

    @Test
    void aFileSystemAlreadyBelowTheReserveRefusesEvenAnEmptyUpload() {
        assertThat(UploadSpaceReserve.refusal(5 * MB, 0, 8 * MB)).isPresent();
    }

    @Test
    void aReserveOfZeroNeverRefuses() {
        assertThat(UploadSpaceReserve.refusal(0, 10 * MB, 0)).isEmpty();
    }

    @Test
    void admitThrowsStorageFullWithTheFieldAndARetryAfterAndCountsTheRefusal() {
        // No file system has an exabyte free: the reserve can not be met.
        UploadSpaceReserve reserve = new UploadSpaceReserve(dir, 1L << 40);
        assertThatThrownBy(() -> reserve.admit("dataset", 1)).isInstanceOfSatisfying(PouwException.class, e -> {
            assertThat(e.problem()).isEqualTo(Problem.STORAGE_FULL);
            assertThat(e.field()).isEqualTo("dataset");
            assertThat(e.getMessage()).startsWith("dataset: ").contains("storage.upload_free_space_reserve_mb");
            assertThat(e.retryAfterMs()).isPositive();
        });
        assertThat(reserve.refusals()).isEqualTo(1);
    }

    @Test
    void aSmallReserveOnTheRealDataDirectoryAdmitsASmallUpload() {
        UploadSpaceReserve reserve = new UploadSpaceReserve(dir, 1);
        reserve.admit("dataset", 1024);
        assertThat(reserve.refusals()).isZero();
    }
}
