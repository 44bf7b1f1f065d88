package com.warehouseplatform.config;

import java.util.ArrayList;
import java.util.List;

/** The problems found in one configuration file, each as "file: key.path: reason". */
final class Problems {
    private final String file;
    private final List<String> messages = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(String keyPath, String reason) {
        messages.add(file + ": " + keyPath + ": " + reason);
    }

    void addFileProblem(String reason) {
        messages.add(file + ": " + reason);
    }

    int count() {
        return messages.size();
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw new ConfigException(messages);
        }
    }
}
