package com.warehouseplatform.loader.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * The size of the Lambda jar (the deployment package; aim: under 10 MB).
 *
 * <p>Argument: {@code <loader.jar>}.
 */
public final class JarSizeBenchmark {

    static final long AIM_BYTES = 10_000_000;

    private JarSizeBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        long bytes = Files.size(jar);
        int entries;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            entries = zip.size();
        }
        System.out.printf(
                "jar size: %s %,d bytes = %.2f MB (%.2f MiB), %,d entries (aim < 10 MB: %s)%n",
                jar.getFileName(),
                bytes,
                bytes / 1e6,
                bytes / (1024.0 * 1024),
                entries,
                bytes < AIM_BYTES ? "met" : "NOT met");
    }
}
