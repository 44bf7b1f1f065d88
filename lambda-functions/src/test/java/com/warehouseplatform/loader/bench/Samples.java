package com.warehouseplatform.loader.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated measurements: min and median. */
final class Samples {

    private final List<Double> values = new ArrayList<>();

    void add(double value) {
        values.add(value);
    }

    double min() {
        return Collections.min(values);
    }

    double median() {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    int size() {
        return values.size();
    }
}
