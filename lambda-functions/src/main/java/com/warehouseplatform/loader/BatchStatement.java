package com.warehouseplatform.loader;

import java.util.Locale;

/**
 * One statement of a batch transaction, with what it is for, so that the run finds the COPY or
 * the ledger insert by its kind and never parses SQL text back (docs/loader-contract.md).
 */
public record BatchStatement(Kind kind, String sql) {

    /** What a statement of the batch does, in the order they run. */
    public enum Kind {
        /** {@code LOCK ops.ledger_<loader>}: batches of one loader commit one at a time. */
        LOCK_LEDGER,
        CREATE_BATCH_FILES,
        /** The batch's file list (files.csv in the ops bucket) into {@code batch_files}. */
        COPY_BATCH_FILES,
        CREATE_STAGE,
        /** The one COPY of every data file of the batch into {@code stage}. */
        COPY_STAGE,
        /** Files of this batch that another batch committed first (not replays). */
        FIND_CONFLICTS,
        /** merge with orderBy: the greatest orderBy per key. */
        RANK_MERGE,
        /** merge: keys that more than one row claims (the batch then loads nothing). */
        FIND_REPEATED_KEYS,
        DELETE_TARGET,
        INSERT_TARGET,
        INSERT_LEDGER,
        /** Result set: the conflicting keys, read when the batch loaded nothing. */
        SELECT_CONFLICTS,
        /** Result set: the repeated merge keys, read when the batch loaded nothing. */
        SELECT_REPEATED_KEYS;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public BatchStatement {
        if (kind == null || sql == null || sql.isBlank()) {
            throw new IllegalArgumentException("a batch statement needs a kind and SQL");
        }
    }
}
