package com.warehouseplatform.loader;

import java.util.List;

/**
 * Thrown at the end of a run whose bookkeeping is done but that must fail, so that Lambda's
 * error metrics, retries and the on-failure destination see it: a batch failed, or objects were
 * quarantined. The alert has already been sent.
 */
public final class LoaderFailedException extends RuntimeException {

    private final List<String> failures;

    public LoaderFailedException(String loader, List<String> failures) {
        super("loader " + loader + " failed: " + String.join("; ", failures));
        this.failures = List.copyOf(failures);
    }

    public List<String> failures() {
        return failures;
    }
}
