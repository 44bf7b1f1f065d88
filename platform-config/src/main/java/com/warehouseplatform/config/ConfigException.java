package com.warehouseplatform.config;

import java.util.List;

/** A configuration file that cannot be used; carries every problem found, each naming file and key. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
