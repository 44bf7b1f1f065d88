package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.LoaderSettings.Compression;
import com.warehouseplatform.loader.LoaderSettings.FileFormat;
import com.warehouseplatform.loader.LoaderSettings.InvalidSettingsException;
import com.warehouseplatform.loader.LoaderSettings.LoadMode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoaderSettingsTest {

    @Test
    void readsEveryVariable() {
        LoaderSettings s =
                TestSettings.with("MODE", "merge", "MERGE_KEYS", "order_id,line_no", "ORDER_BY", "updated_at,seq");

        assertThat(s.loaderName()).isEqualTo("orders");
        assertThat(s.targetTable().schema()).isEqualTo("sales");
        assertThat(s.targetTable().table()).isEqualTo("orders");
        assertThat(s.targetTable().quoted()).isEqualTo("\"sales\".\"orders\"");
        assertThat(s.sourceBucket()).isEqualTo("raw-bucket");
        assertThat(s.sourcePrefix()).isEqualTo("orders/");
        assertThat(s.opsBucket()).isEqualTo("ops-bucket");
        assertThat(s.format()).isEqualTo(FileFormat.CSV);
        assertThat(s.csvHeader()).isTrue();
        assertThat(s.csvDelimiter()).isEqualTo(",");
        assertThat(s.compression()).isEqualTo(Compression.GZIP);
        assertThat(s.mode()).isEqualTo(LoadMode.MERGE);
        assertThat(s.mergeKeys()).containsExactly("order_id", "line_no");
        assertThat(s.orderBy()).containsExactly("updated_at", "seq");
        assertThat(s.maxErrors()).isZero();
        assertThat(s.maxFilesPerRun()).isEqualTo(100);
        assertThat(s.maxBytesPerRun()).isEqualTo(1_000_000L);
        assertThat(s.copyRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/copy");
        assertThat(s.database()).isEqualTo("dev");
        assertThat(s.clusterIdentifier()).isEqualTo("warehouse");
        assertThat(s.workgroupName()).isNull();
        assertThat(s.alertTopicArn()).isEqualTo("arn:aws:sns:eu-west-1:123456789012:loader-alerts");
    }

    @Test
    void workgroupInsteadOfClusterAndNoAlertTopic() {
        LoaderSettings s =
                TestSettings.with("CLUSTER_IDENTIFIER", null, "WORKGROUP_NAME", "analytics", "ALERT_TOPIC_ARN", null);

        assertThat(s.workgroupName()).isEqualTo("analytics");
        assertThat(s.clusterIdentifier()).isNull();
        assertThat(s.alertTopicArn()).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "LOADER_NAME",
                "TARGET_TABLE",
                "SOURCE_BUCKET",
                "SOURCE_PREFIX",
                "OPS_BUCKET",
                "FORMAT_TYPE",
                "COMPRESSION",
                "MODE",
                "MAX_ERRORS",
                "MAX_FILES_PER_RUN",
                "MAX_BYTES_PER_RUN",
                "COPY_ROLE_ARN",
                "DATABASE",
                "CSV_HEADER",
                "CSV_DELIMITER"
            })
    void aMissingVariableIsNamed(String variable) {
        assertThatThrownBy(() -> TestSettings.with(variable, null))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining(variable + ": required");
    }

    @Test
    void anEmptySourcePrefixLoadsTheWholeBucket() {
        assertThat(TestSettings.with("SOURCE_PREFIX", "").sourcePrefix()).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidSettingsException e =
                (InvalidSettingsException) org.assertj.core.api.Assertions.catchThrowable(() -> TestSettings.with(
                        "FORMAT_TYPE", "xml", "MODE", "upsert", "MAX_FILES_PER_RUN", "ten", "TARGET_TABLE", "orders"));

        assertThat(e.problems()).hasSize(4);
        assertThat(e.getMessage())
                .contains("FORMAT_TYPE: must be one of [csv, json, parquet], got \"xml\"")
                .contains("MODE: must be one of [append, merge, replace], got \"upsert\"")
                .contains("MAX_FILES_PER_RUN: must be a whole number, got 'ten'")
                .contains("TARGET_TABLE: \"orders\" must be schema.table");
    }

    @Test
    void targetTableMustBeTwoValidIdentifiers() {
        assertThatThrownBy(() -> TestSettings.with("TARGET_TABLE", "sales.Orders"))
                .hasMessageContaining("TARGET_TABLE: \"Orders\" is not a valid Redshift identifier");
        assertThatThrownBy(() -> TestSettings.with("TARGET_TABLE", "ops.orders"))
                .hasMessageContaining("TARGET_TABLE: schema \"ops\" is reserved");
        assertThatThrownBy(() -> TestSettings.with("TARGET_TABLE", "sales.orders;drop table x"))
                .hasMessageContaining("TARGET_TABLE");
        assertThatThrownBy(() -> TestSettings.with("TARGET_TABLE", "sales.stage"))
                .hasMessageContaining("reserved for the loader's temporary tables");
    }

    @Test
    void mergeNeedsValidKeysAndOtherModesRefuseThem() {
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge"))
                .hasMessageContaining("MERGE_KEYS: required when mode is merge");
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge", "MERGE_KEYS", "id,\"x\""))
                .hasMessageContaining("MERGE_KEYS: \"\"x\"\" is not a valid Redshift identifier");
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge", "MERGE_KEYS", "id, x"))
                .hasMessageContaining("MERGE_KEYS: \" x\" is not a valid Redshift identifier");
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge", "MERGE_KEYS", "id,id"))
                .hasMessageContaining("listed twice");
        assertThatThrownBy(() -> TestSettings.with("MODE", "append", "MERGE_KEYS", "id"))
                .hasMessageContaining("MERGE_KEYS: only used when mode is merge, got mode append");
    }

    @Test
    void orderByIsMergeOnlyDistinctColumnsOtherThanTheKeys() {
        assertThat(TestSettings.with("MODE", "merge", "MERGE_KEYS", "id").orderBy())
                .isEmpty();
        assertThat(TestSettings.with("MODE", "merge", "MERGE_KEYS", "id", "ORDER_BY", "")
                        .orderBy())
                .isEmpty();
        assertThatThrownBy(() -> TestSettings.with("ORDER_BY", "updated_at"))
                .hasMessageContaining("ORDER_BY: only used when mode is merge, got mode append");
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge", "MERGE_KEYS", "id", "ORDER_BY", "id"))
                .hasMessageContaining("ORDER_BY: \"id\" is one of keys");
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge", "MERGE_KEYS", "id", "ORDER_BY", "v,v"))
                .hasMessageContaining("ORDER_BY: \"v\" is listed twice");
        assertThatThrownBy(() -> TestSettings.with("MODE", "merge", "MERGE_KEYS", "id", "ORDER_BY", "Updated"))
                .hasMessageContaining("ORDER_BY: \"Updated\" is not a valid Redshift identifier");
    }

    @Test
    void exactlyOneOfClusterAndWorkgroup() {
        assertThatThrownBy(() -> TestSettings.with("WORKGROUP_NAME", "analytics"))
                .hasMessageContaining("CLUSTER_IDENTIFIER/WORKGROUP_NAME: set exactly one")
                .hasMessageContaining("both");
        assertThatThrownBy(() -> TestSettings.with("CLUSTER_IDENTIFIER", null))
                .hasMessageContaining("CLUSTER_IDENTIFIER/WORKGROUP_NAME: set exactly one")
                .hasMessageContaining("neither");
    }

    @Test
    void parquetIsNotCompressedAndIgnoresCsvVariables() {
        assertThatThrownBy(() -> TestSettings.with("FORMAT_TYPE", "parquet"))
                .hasMessageContaining(
                        "COMPRESSION: parquet files carry their own compression; leave it none, got gzip");
        assertThatThrownBy(() -> TestSettings.with("FORMAT_TYPE", "parquet", "COMPRESSION", "none", "MAX_ERRORS", "1"))
                .hasMessageContaining(
                        "MAX_ERRORS: must be 0 for parquet: COPY from columnar formats does not support MAXERROR, got 1");

        LoaderSettings s = TestSettings.with(
                "FORMAT_TYPE", "parquet", "COMPRESSION", "none", "CSV_HEADER", null, "CSV_DELIMITER", null);
        assertThat(s.format()).isEqualTo(FileFormat.PARQUET);
        assertThat(s.compression()).isEqualTo(Compression.NONE);
    }

    @Test
    void csvOptionsAreValidated() {
        assertThat(TestSettings.with("CSV_DELIMITER", "\\t").csvDelimiter()).isEqualTo("\t");
        assertThat(TestSettings.with("CSV_DELIMITER", "|").csvDelimiter()).isEqualTo("|");
        assertThat(TestSettings.with("CSV_DELIMITER", "\t").csvDelimiter()).isEqualTo("\t");
        assertThatThrownBy(() -> TestSettings.with("CSV_DELIMITER", ";;"))
                .hasMessageContaining("CSV_DELIMITER: must be one ASCII character");
        assertThatThrownBy(() -> TestSettings.with("CSV_DELIMITER", "\"")).hasMessageContaining("CSV_DELIMITER");
        assertThatThrownBy(() -> TestSettings.with("CSV_DELIMITER", "\\"))
                .hasMessageContaining("CSV_DELIMITER: must be one ASCII character");
        assertThatThrownBy(() -> TestSettings.with("CSV_DELIMITER", "\u00a7"))
                .hasMessageContaining("CSV_DELIMITER: must be one ASCII character");
        assertThatThrownBy(() -> TestSettings.with("CSV_HEADER", "yes"))
                .hasMessageContaining("CSV_HEADER: must be true or false, got 'yes'");
    }

    @Test
    void numbersAndArnsAreChecked() {
        assertThatThrownBy(() -> TestSettings.with("MAX_ERRORS", "-1"))
                .hasMessageContaining("MAX_ERRORS: must be between 0 and 100000, got -1");
        assertThatThrownBy(() -> TestSettings.with("MAX_FILES_PER_RUN", "10001"))
                .hasMessageContaining("MAX_FILES_PER_RUN: must be between 1 and 10000, got 10001");
        assertThatThrownBy(() -> TestSettings.with("MAX_BYTES_PER_RUN", "0"))
                .hasMessageContaining("MAX_BYTES_PER_RUN: must be between 1");
        assertThatThrownBy(() -> TestSettings.with("COPY_ROLE_ARN", "copy-role"))
                .hasMessageContaining("COPY_ROLE_ARN: must be an IAM role ARN");
        assertThatThrownBy(() -> TestSettings.with("ALERT_TOPIC_ARN", "alerts"))
                .hasMessageContaining("ALERT_TOPIC_ARN: must be an SNS topic ARN");
        assertThatThrownBy(() -> TestSettings.with("SOURCE_BUCKET", "Raw_Bucket"))
                .hasMessageContaining("SOURCE_BUCKET: must be an S3 bucket name");
        assertThatThrownBy(() -> TestSettings.with("SOURCE_PREFIX", "/orders"))
                .hasMessageContaining("SOURCE_PREFIX: must not start with '/'");
        assertThatThrownBy(() -> TestSettings.with("LOADER_NAME", "Orders!"))
                .hasMessageContaining("LOADER_NAME: \"Orders!\" must be lower-case letters");
    }

    @Test
    void choicesAreTheContractsLowerCaseValuesExactly() {
        LoaderSettings s = TestSettings.with("FORMAT_TYPE", "json", "MODE", "replace", "COMPRESSION", "zstd");
        assertThat(s.format()).isEqualTo(FileFormat.JSON);
        assertThat(s.mode()).isEqualTo(LoadMode.REPLACE);
        assertThat(s.compression()).isEqualTo(Compression.ZSTD);
        // config/<env>.yaml refuses "JSON": so does the loader, or the two would disagree
        assertThatThrownBy(() -> TestSettings.with("FORMAT_TYPE", "JSON"))
                .hasMessageContaining("FORMAT_TYPE: must be one of [csv, json, parquet], got \"JSON\"");
        assertThatThrownBy(() -> TestSettings.with("MODE", " append")).hasMessageContaining("MODE: must be one of");
    }

    @Test
    void fromEnvironmentReportsTheMissingVariables() {
        // the test JVM has no loader variables: the message must name them, not fail obscurely
        if (System.getenv("LOADER_NAME") == null) {
            assertThatThrownBy(LoaderSettings::fromEnvironment).hasMessageContaining("LOADER_NAME: required");
        } else {
            assertThat(LoaderSettings.fromMap(Map.copyOf(System.getenv())).loaderName())
                    .isNotBlank();
        }
    }

    @Test
    void pauseSchedulesComeTogetherOnAClusterOnlyAndAsTheEvaluatorReadsThem() {
        LoaderSettings s = TestSettings.with(
                "PAUSE_SCHEDULE", "cron(0 19 ? * MON-FRI *)", "RESUME_SCHEDULE", "cron(0 6 ? * MON-FRI *)");
        assertThat(s.schedule().pauses()).isTrue();
        assertThat(s.schedule().upAt(java.time.Instant.parse("2026-12-05T12:00:00Z")))
                .isFalse();
        assertThat(TestSettings.defaults().schedule().pauses()).isFalse();

        assertThat(catchProblems("PAUSE_SCHEDULE", "cron(0 19 ? * MON-FRI *)"))
                .containsExactly(
                        "RESUME_SCHEDULE: PAUSE_SCHEDULE and RESUME_SCHEDULE go together (set both or neither)");
        assertThat(catchProblems(
                        "PAUSE_SCHEDULE", "cron(0 19 ? * MON-FRI *)",
                        "RESUME_SCHEDULE", "cron(0 6 ? * MON-FRI *)",
                        "CLUSTER_IDENTIFIER", null,
                        "WORKGROUP_NAME", "analytics"))
                .containsExactly(
                        "PAUSE_SCHEDULE: a pause schedule needs CLUSTER_IDENTIFIER: Redshift Serverless does not pause");
        assertThat(catchProblems("PAUSE_SCHEDULE", "cron(0 19 L * ? *)", "RESUME_SCHEDULE", "cron(0 6 ? * MON-FRI *)"))
                .singleElement()
                .asString()
                .startsWith(
                        "PAUSE_SCHEDULE: \"cron(0 19 L * ? *)\": day-of-month 'L': the 'L' wildcard is not supported");
    }

    @Test
    void multiAzIsABooleanOfAClusterAndMeansOnlySysViews() {
        assertThat(TestSettings.defaults().sysViewsOnly())
                .as("a single-AZ cluster has STL")
                .isFalse();
        assertThat(TestSettings.with("MULTI_AZ", "true").sysViewsOnly()).isTrue();
        assertThat(TestSettings.with("MULTI_AZ", "false").sysViewsOnly()).isFalse();
        assertThat(TestSettings.with("CLUSTER_IDENTIFIER", null, "WORKGROUP_NAME", "analytics")
                        .sysViewsOnly())
                .isTrue();
        assertThat(catchProblems("MULTI_AZ", "yes")).containsExactly("MULTI_AZ: must be true or false, got 'yes'");
        assertThat(catchProblems("MULTI_AZ", "true", "CLUSTER_IDENTIFIER", null, "WORKGROUP_NAME", "analytics"))
                .containsExactly(
                        "MULTI_AZ: Multi-AZ needs CLUSTER_IDENTIFIER: it is a deployment of a provisioned cluster");
    }

    private static java.util.List<String> catchProblems(String... pairs) {
        InvalidSettingsException e = (InvalidSettingsException)
                org.assertj.core.api.Assertions.catchThrowable(() -> TestSettings.with(pairs));
        assertThat(e).isNotNull();
        return e.problems();
    }
}
