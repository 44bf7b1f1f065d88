package com.warehouseplatform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The schema migrations in {@code config/sql}, as files: the deploy hands them to the migration
 * handler, which parses and applies them. Here only names are checked, so a bad name synthesizes nothing.
 */
public final class SchemaMigrationFiles {
    private static final Pattern NAME = Pattern.compile("V[1-9][0-9]{0,8}__[A-Za-z0-9_]+\\.sql");

    /** One migration file. */
    public record SqlFile(String file, String text) {
    }

    private SchemaMigrationFiles() {
    }

    /** The files of {@code configDir}/sql in name order; none when the folder does not exist. */
    public static List<SqlFile> load(Path configDir) {
        Path dir = configDir.resolve("sql");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        List<SqlFile> files = new ArrayList<>();
        try (var paths = Files.list(dir)) {
            for (Path path : paths.sorted().toList()) {
                String name = path.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    problems.add(dir.resolve(name) + ": a migration is named V<number>__<description>.sql, "
                            + "such as V3__add_customers.sql");
                    continue;
                }
                files.add(new SqlFile(name, Files.readString(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return files;
    }
}
