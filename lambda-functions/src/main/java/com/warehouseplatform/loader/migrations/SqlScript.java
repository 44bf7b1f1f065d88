package com.warehouseplatform.loader.migrations;

import com.warehouseplatform.contract.SqlStatements;
import java.util.List;

/** Splits a SQL script into statements: the contract's splitter, the one config validation uses too. */
public final class SqlScript {
    private SqlScript() {}

    public static List<String> statements(String script) {
        return SqlStatements.split(script);
    }
}
