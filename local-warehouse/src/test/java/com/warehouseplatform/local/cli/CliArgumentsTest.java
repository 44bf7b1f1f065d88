package com.warehouseplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CliArgumentsTest {

    @Test
    void defaultsToTheConfigFolderEveryLoaderAndOneRun() throws Exception {
        CliArguments a = CliArguments.parse("--env", "dev", "--data", "samples/data");

        assertThat(a)
                .isEqualTo(new CliArguments(
                        "dev",
                        Path.of("samples/data"),
                        Path.of("config"),
                        List.of(),
                        1,
                        null,
                        false,
                        false,
                        false,
                        null));
    }

    @Test
    void takesValuesAfterASpaceOrAnEqualsSign() throws Exception {
        CliArguments a = CliArguments.parse(
                "--env=prod",
                "--data",
                "d",
                "--config=conf",
                "--loader",
                "orders",
                "--loader=web-events",
                "--loader",
                "orders",
                "--runs",
                "3",
                "--sql",
                "SELECT 1",
                "--serve",
                "--verbose",
                "--state=st");

        assertThat(a)
                .isEqualTo(new CliArguments(
                        "prod",
                        Path.of("d"),
                        Path.of("conf"),
                        List.of("orders", "web-events"),
                        3,
                        "SELECT 1",
                        true,
                        true,
                        false,
                        Path.of("st")));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThatThrownBy(() ->
                        CliArguments.parse("--bogus", "--runs", "two", "--env", "a", "--env", "b", "extra", "--sql"))
                .isInstanceOfSatisfying(
                        CliArguments.UsageException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "unknown option --bogus",
                                        "--env is given twice",
                                        "unexpected argument \"extra\" (options start with --)",
                                        "--sql needs a value",
                                        "--data is required (the folder to serve as the raw bucket)",
                                        "--runs must be a whole number of at least 1, got \"two\""));
    }

    @Test
    void refusesZeroRunsAValueForAFlagAndAMissingValue() {
        assertThatThrownBy(() -> CliArguments.parse(
                        "--env", "dev", "--data", "d", "--runs", "0", "--serve=yes", "--loader", "--runs"))
                .isInstanceOfSatisfying(
                        CliArguments.UsageException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "--serve takes no value",
                                        "--loader needs a value",
                                        "--runs needs a value",
                                        "--runs must be a whole number of at least 1, got \"0\""));
    }

    @Test
    void helpNeedsNothingElse() throws Exception {
        assertThat(CliArguments.parse("--help").help()).isTrue();
    }
}
