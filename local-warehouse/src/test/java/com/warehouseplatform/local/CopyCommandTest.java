package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopyCommandTest {

    @Test
    void parsesTheLoaderContractForm() throws Exception {
        CopyCommand copy = CopyCommand.parse("COPY stage_file FROM"
                + " 's3://ops-bucket/manifests/orders/b-1/1.manifest'\n"
                + "     IAM_ROLE 'arn:aws:iam::123456789012:role/copy' MANIFEST\n"
                + "     FORMAT AS CSV DELIMITER ',' QUOTE AS '\"' IGNOREHEADER 1 GZIP MAXERROR 0\n"
                + "     TIMEFORMAT 'auto' DATEFORMAT 'auto' EMPTYASNULL;");

        assertThat(copy.table()).isEqualTo("stage_file");
        assertThat(copy.columns()).isEmpty();
        assertThat(copy.bucket()).isEqualTo("ops-bucket");
        assertThat(copy.key()).isEqualTo("manifests/orders/b-1/1.manifest");
        assertThat(copy.manifest()).isTrue();
        assertThat(copy.format()).isEqualTo(CopyCommand.Format.CSV);
        assertThat(copy.delimiter()).isEqualTo(',');
        assertThat(copy.quote()).isEqualTo('"');
        assertThat(copy.ignoreHeader()).isEqualTo(1);
        assertThat(copy.gzip()).isTrue();
        assertThat(copy.maxError()).isZero();
        assertThat(copy.emptyAsNull()).isTrue();
        assertThat(copy.nullAs()).isNull();
    }

    @Test
    void keywordsIgnoreCaseAndLiteralsUnescapeDoubledQuotes() throws Exception {
        CopyCommand copy = CopyCommand.parse("copy \"Sales\".orders (Order_Id, \"Note\")"
                + " from 's3://b/it''s/data' iam_role default csv quote as '''' delimiter '\\t'"
                + " null as 'it''s null' maxerror as 7 acceptinvchars compupdate off statupdate off");

        assertThat(copy.table()).isEqualTo("\"Sales\".orders");
        assertThat(copy.tableShortName()).isEqualTo("orders");
        assertThat(copy.columns()).containsExactly("order_id", "Note");
        assertThat(copy.key()).isEqualTo("it's/data");
        assertThat(copy.quote()).isEqualTo('\'');
        assertThat(copy.delimiter()).isEqualTo('\t');
        assertThat(copy.nullAs()).isEqualTo("it's null");
        assertThat(copy.maxError()).isEqualTo(7);
        assertThat(copy.acceptInvChars()).isEqualTo('?');
    }

    @Test
    void textAndJsonDefaults() throws Exception {
        CopyCommand text = CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'");
        assertThat(text.format()).isEqualTo(CopyCommand.Format.TEXT);
        assertThat(text.delimiter()).isEqualTo('|');
        assertThat(text.quote()).isNull();
        assertThat(text.nullAs()).isEqualTo("\\N");

        CopyCommand json =
                CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " FORMAT JSON AS 'Auto IgnoreCase'");
        assertThat(json.format()).isEqualTo(CopyCommand.Format.JSON);
        assertThat(json.jsonIgnoreCase()).isTrue();
    }

    @Test
    void everyUnimplementedOptionIsRejectedByName() {
        for (String option : List.of(
                "BZIP2",
                "ZSTD",
                "LZOP",
                "ORC",
                "AVRO",
                "FIXEDWIDTH",
                "ESCAPE",
                "REMOVEQUOTES",
                "FILLRECORD",
                "TRIMBLANKS",
                "ACCEPTANYDATE",
                "IGNOREALLERRORS",
                "EXPLICIT_IDS",
                "NOLOAD",
                "ENCODING",
                "CREDENTIALS",
                "REGION",
                "SSH")) {
            assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r' " + option))
                    .as(option)
                    .isInstanceOf(CopyException.class)
                    .hasMessage("COPY option " + option + " is not supported by the local warehouse");
        }
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " FORMAT AS ORC"))
                .hasMessage("COPY option ORC is not supported by the local warehouse");
        assertThatThrownBy(() ->
                        CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " FORMAT AS PARQUET SERIALIZETOJSON"))
                .hasMessage("COPY option SERIALIZETOJSON is not supported by the local warehouse");
        assertThatThrownBy(() ->
                        CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " JSON 's3://b/jsonpaths.json'"))
                .hasMessageContaining("JSON 's3://b/jsonpaths.json' is not supported");
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " DATEFORMAT 'YYYY-MM-DD'"))
                .hasMessageContaining("DATEFORMAT 'YYYY-MM-DD' is not supported");
    }

    @Test
    @RedshiftDoc({"copy-parameters-data-conversion", "copy-parameters-data-load"})
    void conversionOptionsParseAndAutoIsCaseSensitiveAndMaxErrorHasItsLimit() throws Exception {
        CopyCommand copy = CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r' CSV BLANKSASNULL"
                + " IGNOREBLANKLINES TRUNCATECOLUMNS ROUNDEC TIMEFORMAT AS 'auto' MAXERROR 100000");
        assertThat(copy.conversions()).isEqualTo(new CopyCommand.Conversions(true, true, true, true, true, false));
        assertThat(copy.maxError()).isEqualTo(100_000);
        assertThat(CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'").conversions())
                .isEqualTo(CopyCommand.Conversions.DEFAULTS);

        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " DATEFORMAT 'AUTO'"))
                .hasMessage("COPY option DATEFORMAT 'AUTO' is not supported by the local warehouse"
                        + " (only 'auto' is, in lower case)");
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r'" + " MAXERROR 100001"))
                .hasMessage("COPY: MAXERROR 100001 is beyond its limit of 100000");
    }

    @Test
    void inconsistentCommandsAreRejected() {
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k'")).hasMessageContaining("IAM_ROLE");
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r' QUOTE 'x'"))
                .hasMessage("COPY option QUOTE is only valid with CSV");
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r' GZIP GZIP"))
                .hasMessage("COPY option GZIP is given more than once");
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM '/tmp/file.csv' IAM_ROLE 'r'"))
                .hasMessageContaining("only s3:// sources");
        assertThatThrownBy(() -> CopyCommand.parse("COPY t FROM 's3://b/k' IAM_ROLE 'r"))
                .hasMessageContaining("unterminated string");
    }

    @Test
    void recognisesCopyStatements() {
        assertThat(CopyCommand.isCopy("  -- load\n  copy t from 's3://b/k'")).isTrue();
        assertThat(CopyCommand.isCopy("/* x */ COPY t")).isTrue();
        assertThat(CopyCommand.isCopy("SELECT 'COPY'")).isFalse();
        assertThat(CopyCommand.isCopy("COPYRIGHT")).isFalse();
    }
}
