package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.ConfigException;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.config.LoaderConfig;
import com.warehouseplatform.config.LoaderEnvironment;
import com.warehouseplatform.contract.LoaderContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract between config and runtime: for loader settings generated across every rule of
 * {@link LoaderContract} (just inside and just outside each range, each allowed and a disallowed value of
 * each choice, delimiters, names, keys, orderBy, the parquet rules), {@code config/<env>.yaml} validation
 * accepts the loader if and only if {@code LoaderSettings.fromMap(LoaderEnvironment.variables(...))} does,
 * and when both refuse they give the same reasons, each side naming its own key or variable.
 *
 * <p>Out of scope: keys that never reach the Lambda (source, schedule, timezone, freshnessHours, header or
 * delimiter given for a non-csv type), since the environment cannot carry them.
 */
class ContractEquivalenceTest {

    private static final LoaderEnvironment.Deployment DEPLOYMENT = new LoaderEnvironment.Deployment(
            "dev-raw-123456789012-eu-west-1",
            "dev-ops-123456789012-eu-west-1",
            "analytics",
            "dev-warehouse",
            null,
            "arn:aws:iam::123456789012:role/dev-copy",
            "arn:aws:sns:eu-west-1:123456789012:dev-alerts");

    /** Where each side names a setting: config key under loaders[0] and environment variable. */
    private static final Map<String, String> VARIABLE_OF_KEY = Map.of(
            "name",
            "LOADER_NAME",
            "table",
            "TARGET_TABLE",
            "format.type",
            "FORMAT_TYPE",
            "format.delimiter",
            "CSV_DELIMITER",
            "format.compression",
            "COMPRESSION",
            "mode",
            "MODE",
            "keys",
            "MERGE_KEYS",
            "orderBy",
            "ORDER_BY",
            "maxErrors",
            "MAX_ERRORS",
            "maxFilesPerRun",
            "MAX_FILES_PER_RUN");

    /** The settings of one generated loader, as written in its YAML file. */
    record Loader(
            String label,
            String name,
            String table,
            String type,
            String delimiter,
            String compression,
            String mode,
            List<String> keys,
            List<String> orderBy,
            int maxErrors,
            int maxFilesPerRun) {

        static final Loader CSV_MERGE = new Loader(
                "csv merge",
                "orders",
                "sales.orders",
                "csv",
                ",",
                "gzip",
                "merge",
                List.of("order_id"),
                List.of(),
                0,
                1000);
        static final Loader PARQUET_APPEND = new Loader(
                "parquet append",
                "events",
                "web.events",
                "parquet",
                null,
                "none",
                "append",
                List.of(),
                List.of(),
                0,
                1000);

        Loader label(String l) {
            return new Loader(
                    l, name, table, type, delimiter, compression, mode, keys, orderBy, maxErrors, maxFilesPerRun);
        }

        Loader name(String v) {
            return new Loader(
                    label + ", name " + v,
                    v,
                    table,
                    type,
                    delimiter,
                    compression,
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader table(String v) {
            return new Loader(
                    label + ", table " + v,
                    name,
                    v,
                    type,
                    delimiter,
                    compression,
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader type(String v) {
            return new Loader(
                    label + ", type " + v,
                    name,
                    table,
                    v,
                    delimiter,
                    compression,
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader delimiter(String v) {
            return new Loader(
                    label + ", delimiter \"" + LoaderContract.printable(v) + "\"",
                    name,
                    table,
                    type,
                    v,
                    compression,
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader compression(String v) {
            return new Loader(
                    label + ", compression " + v,
                    name,
                    table,
                    type,
                    delimiter,
                    v,
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader mode(String v) {
            return new Loader(
                    label + ", mode " + v,
                    name,
                    table,
                    type,
                    delimiter,
                    compression,
                    v,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader withKeys(String... v) {
            return new Loader(
                    label + ", keys " + List.of(v),
                    name,
                    table,
                    type,
                    delimiter,
                    compression,
                    mode,
                    List.of(v),
                    orderBy,
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader withOrderBy(String... v) {
            return new Loader(
                    label + ", orderBy " + List.of(v),
                    name,
                    table,
                    type,
                    delimiter,
                    compression,
                    mode,
                    keys,
                    List.of(v),
                    maxErrors,
                    maxFilesPerRun);
        }

        Loader maxErrors(int v) {
            return new Loader(
                    label + ", maxErrors " + v,
                    name,
                    table,
                    type,
                    delimiter,
                    compression,
                    mode,
                    keys,
                    orderBy,
                    v,
                    maxFilesPerRun);
        }

        Loader maxFilesPerRun(int v) {
            return new Loader(
                    label + ", maxFilesPerRun " + v,
                    name,
                    table,
                    type,
                    delimiter,
                    compression,
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    v);
        }

        boolean csv() {
            return "csv".equals(type);
        }

        String yaml() {
            StringBuilder b = new StringBuilder();
            b.append("  - name: ").append(quoted(name)).append('\n');
            b.append("    table: ").append(quoted(table)).append('\n');
            b.append("    source: orders/\n");
            b.append("    format: {type: ").append(quoted(type));
            if (csv()) {
                b.append(", header: true, delimiter: ").append(quoted(delimiter));
            }
            b.append(", compression: ").append(quoted(compression)).append("}\n");
            b.append("    schedule: \"rate(15 minutes)\"\n");
            b.append("    mode: ").append(quoted(mode)).append('\n');
            if (!keys.isEmpty()) {
                b.append("    keys: ").append(list(keys)).append('\n');
            }
            if (!orderBy.isEmpty()) {
                b.append("    orderBy: ").append(list(orderBy)).append('\n');
            }
            b.append("    maxErrors: ").append(maxErrors).append('\n');
            b.append("    maxFilesPerRun: ").append(maxFilesPerRun).append('\n');
            return b.toString();
        }

        /** The same settings as a LoaderConfig built without validation: what the environment would carry. */
        LoaderConfig unvalidated() {
            return new LoaderConfig(
                    name,
                    table,
                    "orders/",
                    new LoaderConfig.Format(type, csv(), csv() ? delimiter : ",", compression),
                    "rate(15 minutes)",
                    "UTC",
                    mode,
                    keys,
                    orderBy,
                    maxErrors,
                    maxFilesPerRun,
                    24);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    static List<Loader> loaders() {
        Loader csv = Loader.CSV_MERGE;
        Loader parquet = Loader.PARQUET_APPEND;
        Loader append = csv.mode("append").withKeys().label("csv append");
        List<Loader> all = new ArrayList<>(List.of(csv, parquet, append));
        // names
        for (String name :
                List.of("a", "a".repeat(30), "a".repeat(31), "orders-2", "Orders", "1orders", "orders_x", "-x")) {
            all.add(csv.name(name));
        }
        // tables: identifiers, their length, reserved words, schemas and names
        for (String table : List.of(
                "s.t$1",
                "_s._t",
                "sales." + "t".repeat(127),
                "sales." + "t".repeat(128),
                "sales",
                "a.b.c",
                "sales.Orders",
                "sales.",
                "ops.orders",
                "pg_x.orders",
                "information_schema.t",
                "sales.stage",
                "sales.batch_files",
                "sales.t__",
                "sales.select",
                "public.orders")) {
            all.add(csv.table(table));
        }
        // choices: each allowed value and disallowed ones
        for (String type : List.of("json", "xml", "CSV", "")) {
            all.add(append.type(type).compression("none"));
        }
        all.add(append.type("parquet").compression("none"));
        for (String compression : List.of("none", "gzip", "bzip2", "zstd", "lzop", "GZIP")) {
            all.add(append.compression(compression));
        }
        for (String compression : List.of("gzip", "zstd", "snappy")) {
            all.add(parquet.compression(compression));
        }
        all.add(append.mode("replace"));
        for (String mode : List.of("upsert", "MERGE", "Append")) {
            all.add(csv.mode(mode));
        }
        // merge keys
        all.add(csv.withKeys());
        all.add(append.withKeys("order_id"));
        all.add(append.mode("replace").withKeys("order_id"));
        for (String[] keys : List.of(
                new String[] {"order_id", "line_no"},
                new String[] {"order_id", "order_id"},
                new String[] {"Order"},
                new String[] {"x__"},
                new String[] {" id"},
                new String[] {"from"},
                new String[] {"k".repeat(127)},
                new String[] {"k".repeat(128)})) {
            all.add(csv.withKeys(keys));
        }
        // orderBy
        for (String[] orderBy : List.of(
                new String[] {"updated_at"},
                new String[] {"updated_at", "seq"},
                new String[] {"order_id"},
                new String[] {"v", "v"},
                new String[] {"Updated"},
                new String[] {"v__"},
                new String[] {"select"})) {
            all.add(csv.withOrderBy(orderBy));
        }
        all.add(append.withOrderBy("updated_at"));
        all.add(parquet.mode("replace").withOrderBy("updated_at"));
        // ranges, just inside and just outside
        for (int maxErrors : List.of(-1, 0, 1, 100_000, 100_001)) {
            all.add(csv.maxErrors(maxErrors));
        }
        for (int maxFiles : List.of(0, 1, 1000, 10_000, 10_001, 100_000)) {
            all.add(csv.maxFilesPerRun(maxFiles));
        }
        // parquet: no MAXERROR
        for (int maxErrors : List.of(0, 1, 100_000)) {
            all.add(parquet.maxErrors(maxErrors));
        }
        // delimiters
        for (String delimiter : List.of(
                ",", "|", ";", " ", "\t", "\\t", "~", "\\", "\"", "\n", "\r", ";;", "", "\u0001", "\u00a7", "\u00e9")) {
            all.add(csv.delimiter(delimiter));
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loaders")
    void configAcceptsALoaderIfAndOnlyIfTheLoaderLambdaAcceptsItsEnvironment(Loader loader) {
        Set<String> configReasons = new TreeSet<>();
        LoaderConfig validated = null;
        try {
            EnvironmentConfig config = ConfigLoader.parse(environment(loader), "config/dev.yaml", "dev");
            validated = config.loaders().get(0);
        } catch (ConfigException e) {
            for (String problem : e.problems()) {
                assertThat(problem).as("only the loader is wrong").startsWith("config/dev.yaml: loaders[0].");
                String rest = problem.substring("config/dev.yaml: loaders[0].".length());
                int colon = rest.indexOf(": ");
                String key = rest.substring(0, colon);
                assertThat(VARIABLE_OF_KEY)
                        .as("a key the Lambda reads: " + problem)
                        .containsKey(key);
                configReasons.add(VARIABLE_OF_KEY.get(key) + ": " + rest.substring(colon + 2));
            }
        }

        // the real path for an accepted loader; the same settings unvalidated for a refused one
        LoaderConfig mapped = validated != null ? validated : loader.unvalidated();
        Set<String> runtimeReasons = new TreeSet<>();
        try {
            LoaderSettings.fromMap(LoaderEnvironment.variables(mapped, DEPLOYMENT));
        } catch (LoaderSettings.InvalidSettingsException e) {
            runtimeReasons.addAll(e.problems());
        }

        assertThat(runtimeReasons.isEmpty())
                .as("the Lambda accepts it iff config does; config said " + configReasons + ", the Lambda said "
                        + runtimeReasons)
                .isEqualTo(configReasons.isEmpty());
        assertThat(runtimeReasons).as("the same reasons, from the contract").isEqualTo(configReasons);
    }

    private static String environment(Loader loader) {
        return """
                name: dev
                region: eu-west-1
                network:
                  vpcCidr: 10.30.0.0/16
                warehouse:
                  nodeType: ra3.xlplus
                  numberOfNodes: 1
                  databaseName: analytics
                  adminUsername: warehouse_admin
                  allowedCidrs: []
                loaders:
                """ + loader.yaml();
    }

    /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
    private static String quoted(String value) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
            }
        }
        return b.append('"').toString();
    }

    private static String list(List<String> values) {
        return values.stream().map(ContractEquivalenceTest::quoted).toList().toString();
    }
}
