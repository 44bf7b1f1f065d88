package com.warehouseplatform.local.bench;

import com.warehouseplatform.local.LocalWarehouse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the PostgreSQL front door (TLS, message parsing, translation) costs a client, as figures:
 * the mean time of one small query in a loop, straight to PostgreSQL (no TLS) and through the
 * front door (sslmode=require), for a simple-protocol statement and a prepared statement with a
 * parameter, and the ratio (these machines are noisy: the ratio is the figure to compare).
 * Usage: FrontDoorOverheadBenchmark [QUERIES]
 */
public final class FrontDoorOverheadBenchmark {

    private FrontDoorOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int queries = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        try (LocalWarehouse warehouse = LocalWarehouse.start()) {
            try (Connection direct = warehouse.dataSource().getConnection();
                    Connection frontDoor = DriverManager.getConnection(warehouse.jdbcUrl())) {
                for (String kind : new String[] {"simple SELECT 1", "prepared SELECT $1::int + 1"}) {
                    loop(direct, kind, queries); // warm-up of both paths
                    loop(frontDoor, kind, queries);
                    double directMicros = loop(direct, kind, queries);
                    double frontDoorMicros = loop(frontDoor, kind, queries);
                    System.out.printf(
                            "%s, %d queries: direct %.1f us/query, front door %.1f us/query," + " ratio %.2f%n",
                            kind, queries, directMicros, frontDoorMicros, frontDoorMicros / directMicros);
                }
            }
        }
    }

    /** Mean microseconds per query. */
    private static double loop(Connection connection, String kind, int queries) throws SQLException {
        long start = System.nanoTime();
        if (kind.startsWith("simple")) {
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < queries; i++) {
                    try (ResultSet r = statement.executeQuery("SELECT 1")) {
                        r.next();
                    }
                }
            }
        } else {
            try (PreparedStatement statement = connection.prepareStatement("SELECT ?::int + 1")) {
                for (int i = 0; i < queries; i++) {
                    statement.setInt(1, i);
                    try (ResultSet r = statement.executeQuery()) {
                        r.next();
                    }
                }
            }
        }
        return (System.nanoTime() - start) / 1000.0 / queries;
    }
}
