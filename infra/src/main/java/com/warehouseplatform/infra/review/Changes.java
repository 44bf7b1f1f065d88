package com.warehouseplatform.infra.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What one list has that another has not, counting duplicates: the added items of a before and after. */
final class Changes {
    private Changes() {}

    static <T> List<T> added(List<T> before, List<T> after, Function<T, ?> key) {
        Map<Object, Integer> remaining = new HashMap<>();
        before.forEach(item -> remaining.merge(key.apply(item), 1, Integer::sum));
        List<T> added = new ArrayList<>();
        for (T item : after) {
            Object k = key.apply(item);
            if (remaining.getOrDefault(k, 0) > 0) {
                remaining.merge(k, -1, Integer::sum);
            } else {
                added.add(item);
            }
        }
        return added;
    }
}
