package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunRequestTest {

    @Test
    void aScheduledRunNamesOnlyTheLoader() {
        RunRequest r = RunRequest.parse(Map.of("loader", "orders"), "orders");
        assertThat(r.fullScan()).isFalse();
        assertThat(r.replay()).isEmpty();
    }

    @Test
    void fullScanAndReplayAreRead() {
        assertThat(RunRequest.parse(Map.of("loader", "orders", "fullScan", true), "orders")
                        .fullScan())
                .isTrue();
        assertThat(RunRequest.parse(
                                Map.of("loader", "orders", "replay", List.of("orders/a.csv", "orders/b.csv")), "orders")
                        .replay())
                .containsExactly("orders/a.csv", "orders/b.csv");
    }

    @Test
    void anotherLoadersInputIsRefused() {
        assertThatThrownBy(() -> RunRequest.parse(Map.of("loader", "customers"), "orders"))
                .hasMessageContaining("this function is loader 'orders' but the input names 'customers'");
        assertThatThrownBy(() -> RunRequest.parse(Map.of(), "orders")).hasMessageContaining("'null'");
    }

    @Test
    void typosAndBadValuesAreRefused() {
        assertThatThrownBy(() -> RunRequest.parse(Map.of("loader", "orders", "fullscan", true), "orders"))
                .hasMessageContaining("unknown input field 'fullscan'");
        assertThatThrownBy(() -> RunRequest.parse(Map.of("loader", "orders", "replay", "orders/a.csv"), "orders"))
                .hasMessageContaining("replay must be a list");
        assertThatThrownBy(() -> RunRequest.parse(Map.of("loader", "orders", "replay", List.of()), "orders"))
                .hasMessageContaining("at least one");
        assertThatThrownBy(() -> RunRequest.parse(
                        Map.of("loader", "orders", "fullScan", true, "replay", List.of("k")), "orders"))
                .hasMessageContaining("cannot be combined");
    }

    @Test
    void readsAStatusRequestAndRefusesMixingItWithLoading() {
        assertThat(RunRequest.parse(java.util.Map.of("loader", "orders", "status", true), "orders")
                        .status())
                .isTrue();
        assertThat(RunRequest.parse(java.util.Map.of("loader", "orders"), "orders")
                        .status())
                .isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunRequest.parse(
                        java.util.Map.of("loader", "orders", "status", true, "fullScan", true), "orders"))
                .hasMessage("status reports only: it cannot be combined with fullScan or replay");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RunRequest.parse(java.util.Map.of("loader", "orders", "status", "yes"), "orders"))
                .hasMessage("status must be true or false, got yes");
    }
}
