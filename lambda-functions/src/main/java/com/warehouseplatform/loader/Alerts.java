package com.warehouseplatform.loader;

import java.util.List;

/** The text of the SNS alert: loader, batch, files, quarantined versions and first load errors. */
public final class Alerts {

    /** How many load errors an alert quotes. */
    public static final int FIRST_ERRORS = 10;
    /** How many of a batch's files an alert lists (SNS messages hold 256 KB; a batch up to 10,000 files). */
    public static final int LISTED_FILES = 20;

    private Alerts() {}

    /** SNS subjects are at most 100 ASCII characters. */
    public static String subject(String loader, String what) {
        String s = "Loader " + loader + ": " + what;
        s = s.replaceAll("[^\\x20-\\x7E]", "?");
        return s.length() <= 100 ? s : s.substring(0, 97) + "...";
    }

    public static String batchFailed(
            String loader,
            String batchId,
            String bucket,
            List<BatchFile> files,
            List<QuarantineRecord> quarantined,
            List<LoadError> errors,
            String statementError) {
        StringBuilder b = new StringBuilder();
        b.append("Loader ")
                .append(loader)
                .append(": batch ")
                .append(batchId)
                .append(" failed and was rolled back; nothing of it was loaded.\n\n");
        b.append("Files of the batch (").append(files.size()).append("):\n");
        for (BatchFile f : files.subList(0, Math.min(LISTED_FILES, files.size()))) {
            b.append("  s3://")
                    .append(bucket)
                    .append('/')
                    .append(Sql.printable(f.key()))
                    .append(" (ETag ")
                    .append(f.etag())
                    .append(", ")
                    .append(f.size())
                    .append(" bytes)\n");
        }
        if (files.size() > LISTED_FILES) {
            b.append("  ... and ")
                    .append(files.size() - LISTED_FILES)
                    .append(" more (all of them: manifests/")
                    .append(loader)
                    .append('/')
                    .append(batchId)
                    .append("/files.csv in the ops bucket)\n");
        }
        if (statementError != null && !statementError.isBlank()) {
            b.append("\nError: ").append(statementError.strip()).append('\n');
        }
        if (!errors.isEmpty()) {
            b.append("\nFirst load errors (file, line, column, reason):\n");
            for (LoadError e : errors.subList(0, Math.min(FIRST_ERRORS, errors.size()))) {
                b.append("  ").append(e.describe()).append('\n');
            }
            if (errors.size() > FIRST_ERRORS) {
                b.append("  ... and ").append(errors.size() - FIRST_ERRORS).append(" more\n");
            }
        }
        appendQuarantine(b, loader, quarantined);
        if (quarantined.isEmpty()) {
            b.append("\nNo file was quarantined: the files are planned again on the next run.\n");
        }
        return b.toString();
    }

    /** Why a merge batch loaded nothing: the keys more than one row claims, and what to do about it. */
    public static String repeatedKeysReason(List<String> keys, List<String> orderBy, List<String> repeated) {
        String which = "(" + String.join(", ", keys) + ")";
        StringBuilder b = new StringBuilder();
        if (orderBy.isEmpty()) {
            b.append("merge key ")
                    .append(which)
                    .append(" repeats within the batch, and the loader has no orderBy to pick")
                    .append(" the newest row; set orderBy (e.g. orderBy: [updated_at]) in the loader's configuration.");
        } else {
            b.append("merge key ")
                    .append(which)
                    .append(" has more than one row with the greatest orderBy (")
                    .append(String.join(", ", orderBy))
                    .append(") within the batch; add a column to orderBy that tells them apart.");
        }
        b.append(" Repeated keys: ");
        for (int i = 0; i < repeated.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(Sql.printable(repeated.get(i)));
        }
        return b.append(repeated.size() >= BatchSql.NAMED_FINDINGS ? "; ..." : "")
                .toString();
    }

    public static String rejected(String loader, String bucket, List<QuarantineRecord> quarantined) {
        StringBuilder b = new StringBuilder();
        b.append("Loader ")
                .append(loader)
                .append(": ")
                .append(quarantined.size())
                .append(" object(s) cannot be loaded and were quarantined:\n");
        for (QuarantineRecord q : quarantined) {
            b.append("  s3://").append(bucket).append('/').append(Sql.printable(q.key()));
            for (LoadError e : q.errors()) {
                b.append(": ").append(e.reason());
            }
            b.append('\n');
        }
        b.append("\nRename or re-upload them under a key without control characters or backslashes.\n");
        return b.toString();
    }

    private static void appendQuarantine(StringBuilder b, String loader, List<QuarantineRecord> quarantined) {
        if (quarantined.isEmpty()) {
            return;
        }
        b.append("\nQuarantined (skipped until a new version is uploaded or the key is replayed):\n");
        for (QuarantineRecord q : quarantined) {
            b.append("  ")
                    .append(Sql.printable(q.key()))
                    .append(" (ETag ")
                    .append(q.etag())
                    .append(")\n");
        }
        StringBuilder keys = new StringBuilder();
        for (QuarantineRecord q : quarantined) {
            if (keys.length() > 0) {
                keys.append(", ");
            }
            keys.append(Json.write(q.key()));
        }
        b.append("\nTo load them again after fixing the target: invoke the loader with ")
                .append("{\"loader\": \"")
                .append(loader)
                .append("\", \"replay\": [")
                .append(keys)
                .append("]}\n");
    }
}
