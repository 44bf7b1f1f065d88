package com.warehouseplatform.loader;

/**
 * Each loader's own ledger table, {@code ops.ledger_<loader>}: one row per object version the loader
 * committed. A table per loader, not rows told apart by a column in a shared one, so that only the
 * loader's database user may read, write or lock it (the bootstrap grants nothing on it to anyone
 * else), and LOCK serializes the batches of one loader without blocking the others.
 */
public final class Ledger {

    private Ledger() {}

    /** {@code ops."ledger_<name>"}, with the name's {@code -} as {@code _} (loader names hold no {@code _}). */
    public static String table(String loaderName) {
        return "ops." + Sql.identifier("ledger_" + loaderName.replace('-', '_'));
    }
}
