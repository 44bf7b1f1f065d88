package com.warehouseplatform.loader.migrations;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which migrations to apply, in version order, given those already applied; edits and gaps are errors. */
public final class MigrationPlan {

    /** A row of {@code ops.schema_migrations}. */
    public record Applied(int version, String checksum) {}

    private MigrationPlan() {}

    public static List<Migration> pending(List<Migration> files, List<Applied> applied) {
        Map<Integer, Migration> byVersion = new HashMap<>();
        for (Migration migration : files) {
            Migration other = byVersion.put(migration.version(), migration);
            if (other != null) {
                throw new IllegalArgumentException(
                        migration.file() + " and " + other.file() + " have the same version " + migration.version());
            }
        }
        List<String> problems = new ArrayList<>();
        Map<Integer, String> appliedChecksums = new HashMap<>();
        for (Applied row : applied) {
            appliedChecksums.put(row.version(), row.checksum());
            Migration file = byVersion.get(row.version());
            if (file == null) {
                problems.add("version " + row.version() + " was applied but no V" + row.version()
                        + "__*.sql file has it any more; restore the file");
            } else if (!file.checksum().equals(row.checksum())) {
                problems.add(file.file() + " was edited after it was applied (checksum " + row.checksum() + ", now "
                        + file.checksum() + "); restore it and put the change in a new migration");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return files.stream()
                .filter(m -> !appliedChecksums.containsKey(m.version()))
                .sorted(Comparator.comparingInt(Migration::version))
                .toList();
    }
}
