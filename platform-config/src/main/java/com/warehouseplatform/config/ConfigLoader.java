package com.warehouseplatform.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code config/<env>.yaml} into an {@link EnvironmentConfig}. Every problem in the file is
 * reported at once, each with the file and the key path; nothing is built from a bad file.
 */
public final class ConfigLoader {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final YAMLMapper YAML = new YAMLMapper();

    private ConfigLoader() {}

    /** Loads environment {@code env} from {@code configDir}/{@code env}.yaml. */
    public static EnvironmentConfig load(Path configDir, String env) {
        Path file = configDir.resolve(env + ".yaml");
        String label = file.toString();
        if (!NAME.matcher(env).matches()) {
            throw new ConfigException(List.of(label + ": the environment name \"" + env
                    + "\" must be lower-case letters, digits and -, starting with a letter, at most 20 characters"));
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(label + ": no such file; each environment is a file config/<env>.yaml"));
        } catch (IOException e) {
            throw new ConfigException(List.of(label + ": cannot be read: " + e.getMessage()));
        }
        List<String> problems = new ArrayList<>();
        MigratedTables tables = null;
        try {
            tables = MigratedTables.of(
                    SchemaMigrationFiles.load(configDir),
                    configDir.resolve("sql").toString());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        try {
            EnvironmentConfig config = parse(text, label, env, tables);
            if (problems.isEmpty()) {
                return config;
            }
        } catch (ConfigException e) {
            problems.addAll(0, e.problems());
        }
        throw new ConfigException(problems);
    }

    /**
     * Loads every environment of {@code configDir} (each {@code <env>.yaml}), in name order; the problems of
     * all files are reported at once.
     */
    public static List<EnvironmentConfig> loadAll(Path configDir) {
        List<String> names;
        try (var files = Files.list(configDir)) {
            names = files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException(List.of(configDir + ": cannot be listed: " + e.getMessage()));
        }
        List<EnvironmentConfig> configs = new ArrayList<>();
        // a migration's problem is every environment's: reported once
        Set<String> problems = new LinkedHashSet<>();
        for (String name : names) {
            try {
                configs.add(load(configDir, name));
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(List.copyOf(problems));
        }
        return List.copyOf(configs);
    }

    /**
     * Parses and validates {@code text}; {@code label} names the file in messages, {@code env} is its base name.
     * The loaders' tables are not checked against migrations: {@link #load} does that.
     */
    public static EnvironmentConfig parse(String text, String label, String env) {
        return parse(text, label, env, null);
    }

    /** As {@link #parse(String, String, String)}, checking each loader's table against {@code tables} (when not null). */
    static EnvironmentConfig parse(String text, String label, String env, MigratedTables tables) {
        Problems problems = new Problems(label);
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            problems.addFileProblem(where + "not valid YAML: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
            problems.throwIfAny();
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.addFileProblem("must be a YAML mapping of keys such as name, region, warehouse");
            problems.throwIfAny();
        }
        EnvironmentConfig config = read(new YamlObject(root, "", problems), env, tables);
        problems.throwIfAny();
        return config;
    }

    private static EnvironmentConfig read(YamlObject o, String env, MigratedTables tables) {
        String name = o.string("name", true);
        if (name != null && !name.equals(env)) {
            o.problem("name", "must equal the file name \"" + env + "\", got \"" + name + "\"");
        }
        String account = o.string("account", false);
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            o.problem("account", "must be 12 digits, got \"" + account + "\"");
        }
        String region = o.string("region", true);
        if (region != null && !AwsRegions.NAMES.contains(region)) {
            o.problem("region", "\"" + region + "\" is not an AWS region name such as eu-west-1");
            region = null;
        }
        Boolean protect = o.bool("protect", true);
        Map<String, String> tags = o.stringMap("tags");
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128 || key.toLowerCase().startsWith("aws:")) {
                o.problem("tags." + key, "a tag key must be 1 to 128 characters and not start with aws:");
            } else if (value.length() > 256) {
                o.problem("tags." + key, "a tag value must be at most 256 characters");
            }
        });
        String validRegion = region;
        NetworkConfig network = section(o, "network", true, n -> NetworkConfig.read(n, validRegion));
        DataLakeConfig dataLake = section(o, "dataLake", false, DataLakeConfig::read);
        if (dataLake == null && !o.has("dataLake")) {
            dataLake = DataLakeConfig.DEFAULTS;
        }
        WarehouseConfig warehouse = section(o, "warehouse", true, WarehouseConfig::read);
        if (warehouse != null) {
            ResilienceConfig.checkPlacement(o, warehouse.resilience(), region, network);
        }
        AlertsConfig alerts = section(o, "alerts", false, AlertsConfig::read);
        if (alerts == null && !o.has("alerts")) {
            alerts = AlertsConfig.NONE;
        }
        DeploymentConfig deployment = section(o, "deployment", false, DeploymentConfig::read);
        boolean protects = protect == null || protect;
        LogsConfig logs = section(o, "logs", false, l -> LogsConfig.read(l, protects));
        if (logs == null && !o.has("logs")) {
            logs = LogsConfig.defaults(protects);
        }
        List<LoaderConfig> loaders = o.objects("loaders", loader -> LoaderConfig.read(loader, tables));
        // the loaders that could be read are checked against each other even when another one could not
        checkLoadersApart(o, loaders);
        if (loaders.size() > EnvironmentConfig.MAX_LOADERS) {
            o.problem(
                    "loaders",
                    loaders.size() + " loaders, but a warehouse takes at most " + EnvironmentConfig.MAX_LOADERS
                            + " IAM roles and each loader has its own COPY role: split the loaders across environments, or "
                            + "give loaders that may read each other's files one loader (see README, \"COPY roles and limits\")");
        }
        String adminUsername = warehouse == null ? null : warehouse.adminUsername();
        AccessConfig access = section(o, "access", false, a -> AccessConfig.read(a, adminUsername, tables));
        if (access == null && !o.has("access")) {
            access = AccessConfig.NONE;
        }
        WlmConfig.checkRoles(o, warehouse == null ? null : warehouse.wlm(), access);
        List<CompliancePack> compliance = CompliancePack.read(o);
        o.rejectUnknownKeys();
        return new EnvironmentConfig(
                name,
                account,
                region,
                protect == null || protect,
                tags,
                network,
                dataLake,
                warehouse,
                alerts,
                loaders,
                deployment,
                logs,
                access,
                compliance);
    }

    /** Loader names are unique and no loader's prefix contains another's: every file has one loader. */
    private static void checkLoadersApart(YamlObject o, List<LoaderConfig> loaders) {
        for (int i = 0; i < loaders.size(); i++) {
            for (int j = 0; j < i; j++) {
                LoaderConfig later = loaders.get(i);
                LoaderConfig earlier = loaders.get(j);
                if (later == null || earlier == null) {
                    continue;
                }
                if (later.name().equals(earlier.name())) {
                    o.problem(
                            "loaders[" + i + "].name",
                            "\"" + later.name() + "\" is already the name of loaders[" + j + "]");
                }
                if (later.source().startsWith(earlier.source())
                        || earlier.source().startsWith(later.source())) {
                    o.problem(
                            "loaders[" + i + "].source",
                            "\"" + later.source() + "\" overlaps \"" + earlier.source() + "\" of loader "
                                    + earlier.name() + ": a file would have two loaders");
                }
            }
        }
    }

    private static <T> T section(YamlObject parent, String key, boolean required, Function<YamlObject, T> reader) {
        YamlObject section = parent.object(key, required);
        if (section == null) {
            return null;
        }
        T value = reader.apply(section);
        section.rejectUnknownKeys();
        return value;
    }
}
