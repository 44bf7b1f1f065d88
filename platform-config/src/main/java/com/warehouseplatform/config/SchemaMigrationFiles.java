package com.warehouseplatform.config;

import com.warehouseplatform.contract.MigrationContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The schema migrations in {@code config/sql}, as files: the deploy hands them to the migration
 * handler, which parses and applies them. Each file is checked here first with the handler's own rule set
 * ({@link MigrationContract}: name, statements per batch, statement length, statements Redshift refuses in a
 * transaction), so a file the deploy would refuse synthesizes nothing.
 */
public final class SchemaMigrationFiles {

    /** One migration file. */
    public record SqlFile(String file, String text) {}

    private SchemaMigrationFiles() {}

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
                if (MigrationContract.fileNameProblem(name) != null) {
                    problems.add(dir.resolve(name) + ": " + MigrationContract.fileNameProblem(name));
                    continue;
                }
                String text = Files.readString(path);
                List<String> refused = MigrationContract.problems(name, text);
                if (refused.isEmpty()) {
                    files.add(new SqlFile(name, text));
                } else {
                    // the contract names the file; here it is named by its path, as the other problems are
                    refused.forEach(p -> problems.add(dir + "/" + p));
                }
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
