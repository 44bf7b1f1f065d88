package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.Planner.KeyRange;
import com.warehouseplatform.loader.Planner.Limits;
import com.warehouseplatform.loader.Planner.Plan;
import com.warehouseplatform.loader.Planner.VersionId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    static final Limits ROOMY = new Limits(100, 1_000_000);

    static ObjectVersion obj(String key, long size) {
        return new ObjectVersion(key, "\"etag-" + key + "\"", size);
    }

    static VersionId id(String key) {
        return new VersionId(key, "etag-" + key);
    }

    static List<String> keys(Plan plan) {
        return plan.files().stream().map(BatchFile::key).toList();
    }

    @Test
    void newFilesAreTakenInListingOrderAndTheWatermarkFollows() {
        Planner p = new Planner(ROOMY, Set.of());

        p.accept(List.of(obj("p/1", 10), obj("p/2", 20), obj("p/3", 30)), Set.of());
        Plan plan = p.plan();

        assertThat(keys(plan)).containsExactly("p/1", "p/2", "p/3");
        assertThat(plan.files().get(0).etag()).isEqualTo("etag-p/1");
        assertThat(plan.bytes()).isEqualTo(60);
        assertThat(plan.watermarkOnSuccess()).isEqualTo("p/3");
        assertThat(plan.capped()).isFalse();
    }

    @Test
    void consumeReadsPagesWithTheirLedgerRangeUntilTheBatchIsFull() {
        Planner p = new Planner(new Limits(2, 1_000_000), Set.of());
        List<List<ObjectVersion>> pages = List.of(
                List.of(obj("p/1", 1), obj("p/2", 1)), List.of(obj("p/3", 1), obj("p/4", 1)), List.of(obj("p/5", 1)));
        int[] listed = {0};
        SourceListing listing = new SourceListing(
                r -> SourceListingTest.page(
                        listed[0] < 2 ? "t" + listed[0] : null,
                        pages.get(listed[0]++).stream().map(ObjectVersion::key).toArray(String[]::new)),
                "raw",
                "p/",
                null);
        List<KeyRange> asked = new java.util.ArrayList<>();

        int read = p.consume(
                listing,
                range -> {
                    asked.add(range);
                    return range.first().equals("p/1")
                            ? Set.of(new VersionId("p/1", String.valueOf("p/1".hashCode())))
                            : Set.of();
                },
                () -> false);

        assertThat(read).isEqualTo(2);
        assertThat(asked).containsExactly(new KeyRange("p/1", "p/2"), new KeyRange("p/3", "p/4"));
        assertThat(keys(p.plan())).containsExactly("p/2", "p/3");
        assertThat(p.plan().capped()).isTrue();
    }

    @Test
    void consumeStopsWhenTold() {
        Planner p = new Planner(ROOMY, Set.of());
        SourceListing listing = new SourceListing(r -> SourceListingTest.page(null, "p/1"), "raw", "p/", null);

        assertThat(p.consume(listing, range -> Set.of(), () -> true)).isZero();
        assertThat(p.plan().files()).isEmpty();
    }

    @Test
    void versionsInTheLedgerAreSkippedButAdvanceTheWatermark() {
        Planner p = new Planner(ROOMY, Set.of());

        p.accept(List.of(obj("p/1", 10), obj("p/2", 20), obj("p/3", 30)), Set.of(id("p/1"), id("p/3")));
        Plan plan = p.plan();

        assertThat(keys(plan)).containsExactly("p/2");
        assertThat(plan.watermarkOnSuccess()).isEqualTo("p/3");
    }

    @Test
    void aNewVersionOfALoadedKeyIsLoaded() {
        Planner p = new Planner(ROOMY, Set.of());

        p.accept(List.of(obj("p/1", 10)), Set.of(new VersionId("p/1", "older-etag")));

        assertThat(keys(p.plan())).containsExactly("p/1");
    }

    @Test
    void aQuarantinedVersionIsSkippedAndStopsTheWatermark() {
        Planner p = new Planner(ROOMY, Set.of(id("p/2")));

        p.accept(List.of(obj("p/1", 10), obj("p/2", 20), obj("p/3", 30)), Set.of());
        Plan plan = p.plan();

        assertThat(keys(plan)).containsExactly("p/1", "p/3");
        assertThat(plan.watermarkOnSuccess()).isEqualTo("p/1");
    }

    @Test
    void aNewVersionOfAQuarantinedKeyIsPlanned() {
        Planner p = new Planner(ROOMY, Set.of(new VersionId("p/1", "bad-etag")));

        p.accept(List.of(obj("p/1", 10)), Set.of());

        assertThat(keys(p.plan())).containsExactly("p/1");
        assertThat(p.plan().watermarkOnSuccess()).isEqualTo("p/1");
    }

    @Test
    void foldersAreSkippedWithoutStoppingTheWatermark() {
        Planner p = new Planner(ROOMY, Set.of());

        p.accept(List.of(obj("p/", 0), obj("p/1", 10), obj("p/sub/", 0), obj("p/sub/2", 20)), Set.of());
        Plan plan = p.plan();

        assertThat(keys(plan)).containsExactly("p/1", "p/sub/2");
        assertThat(plan.watermarkOnSuccess()).isEqualTo("p/sub/2");
    }

    @Test
    void emptyObjectsAreFilesOfTheBatchLikeAnyOther() {
        Planner p = new Planner(new Limits(3, 1_000_000), Set.of());

        p.accept(List.of(obj("p/0", 0), obj("p/1", 10), obj("p/2", 0), obj("p/3", 5)), Set.of());
        Plan plan = p.plan();

        assertThat(keys(plan)).containsExactly("p/0", "p/1", "p/2");
        assertThat(plan.capped()).isTrue();
        assertThat(plan.watermarkOnSuccess()).isEqualTo("p/2");
    }

    @Test
    void capsOnFilesStopTheBatchAndTheWatermarkAtTheFirstFileLeftOut() {
        Planner p = new Planner(new Limits(2, 1_000_000), Set.of());

        boolean full = p.accept(List.of(obj("p/1", 10), obj("p/2", 20), obj("p/3", 30)), Set.of());

        assertThat(full).isTrue();
        assertThat(keys(p.plan())).containsExactly("p/1", "p/2");
        assertThat(p.plan().watermarkOnSuccess()).isEqualTo("p/2");
        assertThat(p.plan().capped()).isTrue();
    }

    @Test
    void capsOnBytesKeepOrderAndTakeAnOversizedFirstFileAlone() {
        Planner p = new Planner(new Limits(100, 25), Set.of());
        p.accept(List.of(obj("p/1", 10), obj("p/2", 20), obj("p/3", 1)), Set.of());
        assertThat(keys(p.plan())).containsExactly("p/1");

        Planner big = new Planner(new Limits(100, 25), Set.of());
        big.accept(List.of(obj("p/huge", 1000), obj("p/small", 1)), Set.of());
        assertThat(keys(big.plan())).containsExactly("p/huge");
        assertThat(big.plan().watermarkOnSuccess()).isEqualTo("p/huge");
    }

    @Test
    void onlyTheConfiguredCapsBoundABatch() {
        Limits limits = Limits.of(TestSettings.with("MODE", "merge", "MERGE_KEYS", "id", "MAX_FILES_PER_RUN", "10000"));
        assertThat(limits).isEqualTo(new Limits(10_000, 1_000_000));

        Planner p = new Planner(new Limits(10_000, Long.MAX_VALUE), Set.of());
        String longName = "x".repeat(900);
        for (int i = 0; i < 10_001; i++) {
            p.accept(List.of(new ObjectVersion(String.format("p/%05d", i) + longName, "e" + i, 1)), Set.of());
        }
        assertThat(p.plan().files())
                .as("long keys no longer cap a batch: they are not in the SQL")
                .hasSize(10_000);
        assertThat(p.plan().capped()).isTrue();
    }

    @Test
    void pagesAccumulateAndTheWatermarkCrossesPages() {
        Planner p = new Planner(ROOMY, Set.of());

        p.accept(List.of(obj("p/1", 1), obj("p/2", 1)), Set.of(id("p/1")));
        p.accept(List.of(obj("p/3", 1), obj("p/4", 1)), Set.of(id("p/4")));

        assertThat(keys(p.plan())).containsExactly("p/2", "p/3");
        assertThat(p.plan().watermarkOnSuccess()).isEqualTo("p/4");
    }

    @Test
    void keysThatCannotGoIntoSqlAreRejectedAndStopTheWatermark() {
        Planner p = new Planner(ROOMY, Set.of());

        p.accept(List.of(obj("p/1", 1), obj("p/bad\nkey", 1), obj("p/back\\slash", 1), obj("p/3", 1)), Set.of());
        Plan plan = p.plan();

        assertThat(keys(plan)).containsExactly("p/1", "p/3");
        assertThat(plan.rejected()).extracting(r -> r.object().key()).containsExactly("p/bad\nkey", "p/back\\slash");
        assertThat(plan.rejected().get(0).reason()).contains("control characters");
        assertThat(plan.rejected().get(1).reason()).contains("backslash");
        assertThat(plan.watermarkOnSuccess()).isEqualTo("p/1");
    }

    @Test
    void theLedgerIsAskedOnlyForTheCandidatesRange() {
        Planner p = new Planner(ROOMY, Set.of(id("p/0")));
        List<ObjectVersion> page =
                List.of(obj("p/", 0), obj("p/0", 1), obj("p/1", 1), obj("p/bad\tkey", 1), obj("p/9", 1));

        List<ObjectVersion> candidates = p.candidates(page);

        assertThat(candidates).extracting(ObjectVersion::key).containsExactly("p/1", "p/9");
        assertThat(Planner.range(candidates)).isEqualTo(new KeyRange("p/1", "p/9"));
        assertThat(Planner.range(List.of())).isNull();
    }

    @Test
    void rangeUsesS3sOrderForCharactersBeyondTheBasicPlane() {
        // U+1F600 sorts after U+FFFD in UTF-8 (S3's order) but before it in UTF-16 (String.compareTo)
        List<ObjectVersion> c = List.of(obj("p/\uFFFD", 1), obj("p/\uD83D\uDE00", 1));
        assertThat(Planner.range(c)).isEqualTo(new KeyRange("p/\uFFFD", "p/\uD83D\uDE00"));
    }

    @Test
    void replayTakesExactlyTheKeysEvenIfLoadedAndKeepsTheWatermark() {
        Plan plan = Planner.replay(List.of(obj("p/2", 5), obj("p/1", 5), obj("p/2", 5)), ROOMY);

        assertThat(keys(plan)).containsExactly("p/2", "p/1");
        assertThat(plan.files()).allMatch(BatchFile::replay);
        assertThat(plan.watermarkOnSuccess()).isNull();
    }

    @Test
    void replayThatDoesNotFitIsRefusedNotTruncated() {
        Limits one = new Limits(1, 1_000_000);
        assertThatThrownBy(() -> Planner.replay(List.of(obj("p/1", 5), obj("p/2", 5)), one))
                .hasMessageContaining("does not fit in one batch");
        assertThatThrownBy(() -> Planner.replay(List.of(obj("p/x\u0001", 5)), ROOMY))
                .hasMessageContaining("cannot replay");
    }
}
