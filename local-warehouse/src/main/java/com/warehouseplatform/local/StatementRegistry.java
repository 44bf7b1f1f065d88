package com.warehouseplatform.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** Every statement submitted since start, by id and by ClientToken. */
final class StatementRegistry {

    private final Map<String, DataApiStatement> byId = new ConcurrentHashMap<>();
    private final Map<String, DataApiStatement> byClientToken = new ConcurrentHashMap<>();
    private final List<DataApiStatement> inOrder = new ArrayList<>();

    /**
     * Registers the statement {@code create} makes, unless a statement with the same ClientToken
     * exists: then that one is returned and {@code create} is not called. The boolean of the
     * result tells whether the statement is new.
     */
    synchronized Registered register(String clientToken, Supplier<DataApiStatement> create) {
        if (clientToken != null) {
            DataApiStatement known = byClientToken.get(clientToken);
            if (known != null) {
                return new Registered(known, false);
            }
        }
        DataApiStatement statement = create.get();
        byId.put(statement.id, statement);
        if (clientToken != null) {
            byClientToken.put(clientToken, statement);
        }
        inOrder.add(statement);
        return new Registered(statement, true);
    }

    /** The statement with this id, or with the batch part of a sub-statement id; null if none. */
    DataApiStatement find(String id) {
        DataApiStatement statement = byId.get(id);
        if (statement == null && id.lastIndexOf(':') > 0) {
            statement = byId.get(id.substring(0, id.lastIndexOf(':')));
        }
        return statement;
    }

    /** All statements, newest first. */
    synchronized List<DataApiStatement> newestFirst() {
        List<DataApiStatement> all = new ArrayList<>(inOrder);
        java.util.Collections.reverse(all);
        return all;
    }

    record Registered(DataApiStatement statement, boolean isNew) {}
}
